package io.stingray.gcs;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * The object directory: which nodes hold a copy of an object in their store, and its size. Only
 * objects in a node's store are listed (small objects travel inline and are never here). One key
 * per (object, node), so adding and removing copies never race on a shared row. Thread-safe; reads
 * are local reads of the replica.
 */
public final class ObjectDirectory {
  private final ReplicatedMap cache;

  ObjectDirectory(ReplicatedMap cache) {
    this.cache = cache;
  }

  /** The copies of one object in the cluster. */
  public record Copies(long size, Set<NodeId> nodes) {}

  /** Records that a node holds a copy of {@code size} bytes; completes once replicated. */
  public CompletionStage<byte[]> addLocation(ObjectId object, NodeId node, long size) {
    return cache.putAsync(key(object, node), ByteBuffer.allocate(8).putLong(size).array());
  }

  /** Records that a node no longer holds a copy; completes once replicated. */
  public CompletionStage<byte[]> removeLocation(ObjectId object, NodeId node) {
    return cache.removeAsync(key(object, node));
  }

  /** Which of the given nodes hold a copy. */
  public List<NodeId> locations(ObjectId object, Collection<NodeId> candidates) {
    return candidates.stream().filter(n -> cache.containsKey(key(object, n))).toList();
  }

  /** Every object with a copy in some store, by id. */
  public Map<ObjectId, Copies> all() {
    Map<ObjectId, Copies> out = new TreeMap<>(java.util.Comparator.comparing(ObjectId::hex));
    cache
        .entries()
        .forEach(
            (k, v) -> {
              int at = k.indexOf('@');
              ObjectId id = ObjectId.fromHex(k.substring(0, at));
              NodeId node = NodeId.fromHex(k.substring(at + 1));
              long size = v.length == 8 ? ByteBuffer.wrap(v).getLong() : -1;
              Copies c =
                  out.computeIfAbsent(
                      id,
                      i ->
                          new Copies(
                              size, new TreeSet<>(java.util.Comparator.comparing(NodeId::hex))));
              c.nodes().add(node);
            });
    return out;
  }

  /** Forgets every copy held by a node, after it died or left. */
  public void removeNode(NodeId node) {
    String suffix = "@" + node.hex();
    cache.keys().stream().filter(k -> k.endsWith(suffix)).forEach(cache::remove);
  }

  private static String key(ObjectId object, NodeId node) {
    return object.hex() + "@" + node.hex();
  }
}
