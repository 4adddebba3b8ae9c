package io.stingray.gcs;

import java.util.ArrayList;
import java.util.List;
import org.infinispan.conflict.EntryMergePolicy;
import org.infinispan.container.entries.CacheEntry;

/**
 * How an actor's row written differently on the two sides of a partition is merged once it heals:
 * the row further along the actor's life wins, whichever side it comes from. Infinispan's own
 * policies prefer a side (the larger one, or on a tie or an overlap the other), and a stale side's
 * row then brought back an instance the other side had replaced. Further along means: more restarts
 * (a restart, a revive included, is newer than the instance it replaced); with as many, the later
 * state (created, restarting, alive, dead: a kill on one side is newer than the other's unchanged
 * row); with both equal, Infinispan's preferred entry. A row only one side has is kept. Stateless
 * and thread-safe; Infinispan calls it for each conflicting key.
 */
public final class ActorRowMerge implements EntryMergePolicy<Object, Object> {
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
   * The index of the row that wins among {@code rows} (the first is the preferred one; null or
   * unreadable rows lose to any readable one); -1 when none is readable.
   */
  static int choose(List<byte[]> rows) {
    int best = -1;
    ActorRecord bestRow = null;
    for (int i = 0; i < rows.size(); i++) {
      byte[] raw = rows.get(i);
      if (raw == null) {
        continue;
      }
      ActorRecord r;
      try {
        r = RecordCodec.decodeActor(raw);
      } catch (RuntimeException e) {
        continue; // a row that cannot be read loses
      }
      if (bestRow == null || further(r, bestRow)) {
        best = i;
        bestRow = r;
      }
    }
    return best;
  }

  private static boolean further(ActorRecord a, ActorRecord b) {
    if (a.numRestarts() != b.numRestarts()) {
      return a.numRestarts() > b.numRestarts();
    }
    return rank(a.state()) > rank(b.state());
  }

  private static int rank(ActorState s) {
    return switch (s) {
      case PENDING_CREATION -> 0;
      case RESTARTING -> 1;
      case ALIVE -> 2;
      case DEAD -> 3;
    };
  }
}
