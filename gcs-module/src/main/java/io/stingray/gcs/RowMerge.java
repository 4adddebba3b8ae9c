package io.stingray.gcs;

import java.util.ArrayList;
import java.util.List;
import org.infinispan.conflict.EntryMergePolicy;
import org.infinispan.container.entries.CacheEntry;

/**
 * A merge policy for a table whose rows say by themselves which is newer: after a partition heals,
 * the row {@link #choose} picks wins, whichever side has it, instead of the side Infinispan prefers
 * (the larger one, or on a tie or an overlap the other). Stateless and thread-safe; Infinispan
 * calls it for each conflicting key.
 */
abstract class RowMerge<T> implements EntryMergePolicy<Object, Object> {
  @Override
  public CacheEntry<Object, Object> merge(
      CacheEntry<Object, Object> preferred, List<CacheEntry<Object, Object>> others) {
    List<CacheEntry<Object, Object>> all = new ArrayList<>();
    if (preferred != null) {
      all.add(preferred);
    }
    all.addAll(others);
    List<byte[]> values = new ArrayList<>();
    for (CacheEntry<Object, Object> e : all) {
      values.add(e == null ? null : bytes(e.getValue()));
    }
    int i = choose(values);
    return i < 0 ? preferred : all.get(i);
  }

  /** A stored value's bytes (Infinispan keeps a byte[] value wrapped); null if it is neither. */
  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof org.infinispan.commons.marshall.WrappedBytes w) {
      return java.util.Arrays.copyOfRange(
          w.getBytes(), w.backArrayOffset(), w.backArrayOffset() + w.getLength());
    }
    return null;
  }

  /**
   * The index of the row that wins among {@code rows}: the newest, the first (the preferred one)
   * among equals; null or unreadable rows lose to any readable one; -1 when none is readable.
   */
  final int choose(List<byte[]> rows) {
    int best = -1;
    T bestRow = null;
    for (int i = 0; i < rows.size(); i++) {
      byte[] raw = rows.get(i);
      if (raw == null) {
        continue;
      }
      T r;
      try {
        r = decode(raw);
      } catch (RuntimeException e) {
        continue; // a row that cannot be read loses
      }
      if (bestRow == null || newer(r, bestRow)) {
        best = i;
        bestRow = r;
      }
    }
    return best;
  }

  /** Reads a row; throws for bytes that are not one. */
  abstract T decode(byte[] row);

  /** Whether {@code a} is strictly newer than {@code b}. */
  abstract boolean newer(T a, T b);
}
