package io.stingray.gcs;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.infinispan.Cache;

/**
 * The object directory: which nodes hold a copy of an object in their store. Only objects in a
 * node's store are listed (small objects travel inline and are never here). One key per (object,
 * node), so adding and removing copies never race on a shared row. Thread-safe.
 */
public final class ObjectDirectory {
  private static final byte[] PRESENT = new byte[0];
  private final Cache<String, byte[]> cache;

  ObjectDirectory(Cache<String, byte[]> cache) {
    this.cache = cache;
  }

  /** Records that a node holds a copy; completes once replicated. */
  public CompletionStage<byte[]> addLocation(ObjectId object, NodeId node) {
    return cache.putAsync(key(object, node), PRESENT);
  }

  /** Records that a node no longer holds a copy; completes once replicated. */
  public CompletionStage<byte[]> removeLocation(ObjectId object, NodeId node) {
    return cache.removeAsync(key(object, node));
  }

  /** Which of the given nodes hold a copy (a local read of the replica). */
  public List<NodeId> locations(ObjectId object, Collection<NodeId> candidates) {
    return candidates.stream().filter(n -> cache.containsKey(key(object, n))).toList();
  }

  /** Forgets every copy held by a node, after it died. */
  public void removeNode(NodeId node) {
    String suffix = "@" + node.hex();
    cache.keySet().stream().filter(k -> k.endsWith(suffix)).toList().forEach(cache::remove);
  }

  private static String key(ObjectId object, NodeId node) {
    return object.hex() + "@" + node.hex();
  }
}
