package io.stingray.gcs;

import io.stingray.api.PlacementGroupId;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/**
 * The placement-group table: groups by id, and the name index. A name is unique per namespace
 * across the cluster: {@link #claimName} is an atomic put-if-absent. Thread-safe; every write
 * returns once replicated and throws Infinispan's exception if it could not be.
 */
public final class PlacementGroupTable {
  private final Cache<String, byte[]> cache;
  private final Cache<String, byte[]> names;

  PlacementGroupTable(Cache<String, byte[]> cache, Cache<String, byte[]> names) {
    this.cache = cache;
    this.names = names;
  }

  /** Writes a group's row. */
  public void put(PlacementGroupRecord g) {
    cache.put(g.id().hex(), RecordCodec.encode(g));
  }

  /** A group's row, if known. */
  public Optional<PlacementGroupRecord> get(PlacementGroupId id) {
    byte[] b = cache.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeGroup(b));
  }

  /**
   * Claims a name for a group.
   *
   * @return empty if claimed; otherwise the group that holds it
   */
  public Optional<PlacementGroupId> claimName(String namespace, String name, PlacementGroupId id) {
    byte[] previous = names.putIfAbsent(nameKey(namespace, name), RecordCodec.encodeId(id));
    return previous == null
        ? Optional.empty()
        : Optional.of(RecordCodec.decodeId(previous, PlacementGroupId::of));
  }

  /** The group of a name that is not removed, if any. */
  public Optional<PlacementGroupRecord> byName(String namespace, String name) {
    byte[] b = names.get(nameKey(namespace, name));
    return b == null
        ? Optional.empty()
        : get(RecordCodec.decodeId(b, PlacementGroupId::of))
            .filter(g -> !"REMOVED".equals(g.state()));
  }

  /** Every group. */
  public List<PlacementGroupRecord> all() {
    return cache.values().stream().map(RecordCodec::decodeGroup).toList();
  }

  /** Deletes a group's row and frees its name. */
  public void remove(PlacementGroupId id) {
    byte[] b = cache.remove(id.hex());
    if (b != null && RecordCodec.decodeGroup(b).name() != null) {
      for (var e : List.copyOf(names.entrySet())) {
        if (RecordCodec.decodeId(e.getValue(), PlacementGroupId::of).equals(id)) {
          names.remove(e.getKey(), e.getValue());
        }
      }
    }
  }

  private static String nameKey(String namespace, String name) {
    return namespace.length() + ":" + namespace + "/" + name;
  }
}
