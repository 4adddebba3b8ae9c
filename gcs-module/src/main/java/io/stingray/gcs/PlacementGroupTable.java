package io.stingray.gcs;

import io.stingray.api.PlacementGroupId;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/** The placement-group table: groups by id, found by name from any node. Thread-safe. */
public final class PlacementGroupTable {
  private final Cache<String, byte[]> cache;

  PlacementGroupTable(Cache<String, byte[]> cache) {
    this.cache = cache;
  }

  /** Writes a group's row; returns once replicated. */
  public void put(PlacementGroupRecord g) {
    cache.put(g.id().hex(), RecordCodec.encode(g));
  }

  /** A group's row, if known. */
  public Optional<PlacementGroupRecord> get(PlacementGroupId id) {
    byte[] b = cache.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeGroup(b));
  }

  /** The group of a name that is not removed, if any. */
  public Optional<PlacementGroupRecord> byName(String name) {
    return all().stream()
        .filter(g -> name.equals(g.name()) && !"REMOVED".equals(g.state()))
        .findFirst();
  }

  /** Every group. */
  public List<PlacementGroupRecord> all() {
    return cache.values().stream().map(RecordCodec::decodeGroup).toList();
  }

  /** Deletes a group's row. */
  public void remove(PlacementGroupId id) {
    cache.remove(id.hex());
  }
}
