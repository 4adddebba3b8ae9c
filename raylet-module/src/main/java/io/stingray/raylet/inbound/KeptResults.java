package io.stingray.raylet.inbound;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Results this node keeps for the nodes that sent their work (a stored result until the sender
 * pulled it, one holding refs until the sender's own entry goes), each held alive by the ref kept
 * here. Dropped when the sender frees it, is lost, never got the answer ({@link #undelivered}), or
 * may not have got it ({@link #unconfirmed}: its stream ended just after the answer went out) and
 * did not pull it within {@link #UNCLAIMED_NANOS}. Thread-safe.
 */
final class KeptResults {
  /** How long a result whose answer may not have arrived waits for its sender to pull it. */
  static final long UNCLAIMED_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * {@code holdsRefs}: it lives as long as the sender's own entry (the sender holds refs through
   * it), so it is never dropped as unclaimed; {@code claimed}: a pull of it came, so the sender had
   * the answer, and only a free or the sender's loss drops it; {@code suspectSince}: when its
   * answer's stream ended (System.nanoTime), 0 if it did not.
   */
  private record Kept(
      Object ref, NodeId sender, boolean holdsRefs, boolean claimed, long suspectSince) {
    Kept suspect(long since) {
      return new Kept(ref, sender, holdsRefs, claimed, since);
    }

    Kept claim() {
      return new Kept(ref, sender, holdsRefs, true, 0);
    }
  }

  private final Map<ObjectId, Kept> kept = new ConcurrentHashMap<>();

  /**
   * Keeps {@code ref} (what holds the result alive) for {@code sender}; {@code holdsRefs}: the
   * result holds refs the sender reads through it, so only a free or the sender's loss drops it.
   */
  void keep(ObjectId id, Object ref, NodeId sender, boolean holdsRefs) {
    kept.put(id, new Kept(ref, sender, holdsRefs, false, 0));
  }

  boolean holds(ObjectId id) {
    return kept.containsKey(id);
  }

  /** The sender freed them. */
  void free(List<ObjectId> ids) {
    ids.forEach(kept::remove);
  }

  /** The sender left the cluster: nothing is kept for it any more. */
  void nodeLost(NodeId sender) {
    kept.values().removeIf(k -> sender.equals(k.sender()));
  }

  /** The answer never went out (the sender's stream was gone): dropped now; false if not kept. */
  boolean undelivered(ObjectId id) {
    return kept.remove(id) != null;
  }

  /** The answers' stream ended soon after they went out, at {@code now}: the sender must claim. */
  void unconfirmed(List<ObjectId> ids, long now) {
    for (ObjectId id : ids) {
      kept.computeIfPresent(
          id, (k, v) -> v.holdsRefs() || v.claimed() ? v : v.suspect(now == 0 ? 1 : now));
    }
  }

  /**
   * A pull of it came (before or after its stream ended): the sender had the answer, so it is never
   * dropped as unclaimed, however long the pull takes.
   */
  void pulled(ObjectId id) {
    kept.computeIfPresent(id, (k, v) -> v.claimed() ? v : v.claim());
  }

  /** Drops what was unconfirmed over {@link #UNCLAIMED_NANOS} before {@code now}; how many. */
  int dropUnclaimed(long now) {
    int[] dropped = {0};
    kept.entrySet()
        .removeIf(
            e -> {
              long since = e.getValue().suspectSince();
              boolean drop = since != 0 && now - since > UNCLAIMED_NANOS;
              if (drop) {
                dropped[0]++;
              }
              return drop;
            });
    return dropped[0];
  }
}
