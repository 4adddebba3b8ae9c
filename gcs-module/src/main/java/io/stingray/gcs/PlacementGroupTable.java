package io.stingray.gcs;

import io.stingray.api.PlacementGroupId;
import java.util.List;
import java.util.Optional;

/**
 * The placement-group table: groups by id, and the name index. A name is unique per namespace
 * across the cluster: {@link #claimName} is an atomic put-if-absent. Thread-safe; every write
 * returns once replicated and throws Infinispan's exception if it could not be.
 */
public final class PlacementGroupTable {
  private final ReplicatedMap cache;
  private final NameIndex<PlacementGroupId> names;

  PlacementGroupTable(ReplicatedMap cache, ReplicatedMap names) {
    this.cache = cache;
    this.names = new NameIndex<>(names, PlacementGroupId::of);
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
    return names.claim(namespace, name, id);
  }

  /** The group of a name that is not removed, if any. */
  public Optional<PlacementGroupRecord> byName(String namespace, String name) {
    return names
        .lookup(namespace, name)
        .flatMap(this::get)
        .filter(g -> !"REMOVED".equals(g.state()));
  }

  /** Every group. */
  public List<PlacementGroupRecord> all() {
    return RecordCodec.decodeAll(cache.values(), RecordCodec::decodeGroup, "placement group");
  }

  /** Deletes a group's row and frees its name. */
  public void remove(PlacementGroupId id) {
    byte[] b = cache.remove(id.hex());
    if (b != null && RecordCodec.decodeGroup(b).name() != null) {
      names.releaseAll(id); // the record does not keep the namespace
    }
  }
}
