package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes about objects that another node must hear (a borrower's release, "you may free this"):
 * each is kept per node until that node acknowledges it, sent again on every {@link #retry}, and
 * dropped once the node has been gone for minutes (one that was only apart hears it when back).
 * Only the latest change per object is kept; the receiver must take a change twice as once.
 * Thread-safe.
 */
final class UntilAcknowledged {
  private static final Logger LOG = LoggerFactory.getLogger(UntilAcknowledged.class);

  /** Sends changes to a node; completes when it acknowledged them, exceptionally if not. */
  interface Sender {
    CompletableFuture<Void> send(NodeId node, Map<ObjectId, Boolean> changes);
  }

  private final Map<NodeId, Map<ObjectId, Boolean>> pending = new ConcurrentHashMap<>();
  private final Sender sender;
  private final Predicate<NodeId> alive;
  private final String what;

  /**
   * @param alive whether a node is still there to be told
   * @param what what the changes are, for the log
   */
  UntilAcknowledged(Sender sender, Predicate<NodeId> alive, String what) {
    this.sender = sender;
    this.alive = alive;
    this.what = what;
  }

  /**
   * Sends one change now, and again on every {@link #retry} until acknowledged. Changes to one node
   * leave in the order they are made (the node applies them in the order they arrive), so a retry
   * never sends an older change after a newer one.
   */
  CompletableFuture<Void> send(NodeId node, ObjectId id, boolean value) {
    Map<ObjectId, Boolean> m = pending.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
    synchronized (m) {
      m.put(id, value);
      return sendNow(node, Map.of(id, value));
    }
  }

  /**
   * Records a change for a node that is not alive now, without sending it: sent by {@link #retry}
   * if the node is back within {@link #KEEP_FOR_ABSENT_NANOS}.
   */
  void keep(NodeId node, ObjectId id, boolean value) {
    Map<ObjectId, Boolean> m = pending.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
    synchronized (m) {
      m.put(id, value);
    }
    absentSince.putIfAbsent(node, System.nanoTime());
  }

  private CompletableFuture<Void> sendNow(NodeId node, Map<ObjectId, Boolean> changes) {
    CompletableFuture<Void> f;
    try {
      f = sender.send(node, changes);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.whenComplete(
        (v, e) -> {
          if (e == null) {
            Map<ObjectId, Boolean> m = pending.get(node);
            if (m != null) {
              changes.forEach(m::remove); // only if no newer change came meanwhile
            }
          } else {
            LOG.debug(
                "{} not acknowledged by node {} (sent again): {}", what, node.hex(), e.toString());
          }
        });
  }

  /**
   * How long changes for a node that is not alive are kept (not sent) before they are dropped: a
   * node that was only apart (paused, partitioned) comes back with the same id and must still hear
   * them, or it would keep objects for borrowers that released them long ago.
   */
  static final long KEEP_FOR_ABSENT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

  // since when (System.nanoTime) a node with pending changes has not been alive
  private final Map<NodeId, Long> absentSince = new ConcurrentHashMap<>();

  /**
   * Sends again what is not acknowledged. A node that is not alive is not sent to; its changes are
   * dropped once it has been away {@link #KEEP_FOR_ABSENT_NANOS}. Never blocks.
   */
  void retry() {
    retry(System.nanoTime());
  }

  /** As {@link #retry()}, at {@code now} ({@link System#nanoTime()}; tests). */
  void retry(long now) {
    for (Map.Entry<NodeId, Map<ObjectId, Boolean>> e : pending.entrySet()) {
      NodeId node = e.getKey();
      if (!alive.test(node)) {
        long since = absentSince.computeIfAbsent(node, n -> now);
        if (now - since > KEEP_FOR_ABSENT_NANOS) {
          pending.remove(node);
          absentSince.remove(node);
        }
        continue;
      }
      absentSince.remove(node);
      Map<ObjectId, Boolean> m = e.getValue();
      synchronized (m) { // no newer change can leave between the copy and the send
        Map<ObjectId, Boolean> changes = Map.copyOf(m);
        if (!changes.isEmpty()) {
          sendNow(node, changes);
        }
      }
    }
  }

  /**
   * A node was lost: what it was to hear is kept, not sent, for {@link #KEEP_FOR_ABSENT_NANOS} (it
   * may have been only apart), then dropped by {@link #retry}.
   */
  void forget(NodeId node) {
    if (pending.containsKey(node)) {
      absentSince.putIfAbsent(node, System.nanoTime());
    }
  }

  /** Changes not acknowledged yet. */
  int pending() {
    return pending.values().stream().mapToInt(Map::size).sum();
  }
}
