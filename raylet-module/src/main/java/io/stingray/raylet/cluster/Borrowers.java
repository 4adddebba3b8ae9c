package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.Peers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed reference counting, the borrower's side: tells an object's owner when this node
 * starts and stops holding refs to it (until acknowledged), and lets a work's answer wait until the
 * owners of the objects that work borrowed acknowledged, and no other owner: one slow or
 * unreachable owner must not hold up answers that have nothing to do with it. The owner's side is
 * {@link Loans}. Thread-safe.
 */
public final class Borrowers {
  private static final Logger LOG = LoggerFactory.getLogger(Borrowers.class);

  private final ClusterView view;
  // per object, the first send of its latest borrowings that has not ended yet
  private final Map<ObjectId, CompletableFuture<Void>> unacknowledged = new ConcurrentHashMap<>();
  private final UntilAcknowledged toOwners;

  public Borrowers(ClusterView view, Peers peers) {
    this(
        view,
        (owner, changes) -> {
          List<ObjectId> add = new java.util.ArrayList<>();
          List<ObjectId> remove = new java.util.ArrayList<>();
          changes.forEach((id, borrowing) -> (borrowing ? add : remove).add(id));
          return peers.to(owner).updateBorrowers(view.self(), add, remove);
        });
  }

  /** With {@code toOwner} in place of the owners' gRPC (tests). */
  Borrowers(ClusterView view, UntilAcknowledged.Sender toOwner) {
    this.view = view;
    this.toOwners = new UntilAcknowledged(toOwner, view::isAlive, "borrowing");
  }

  /**
   * Sends again the borrowing changes their owners have not acknowledged (a lost release would pin
   * an object on its owner for good); the node's heartbeat calls it. Never blocks.
   */
  public void retryUnacknowledged() {
    toOwners.retry();
  }

  /** Borrowing changes their owners have not acknowledged yet. */
  public int unacknowledgedChanges() {
    return toOwners.pending();
  }

  /** This node now holds refs to another node's object: tell its owner. */
  void borrowed(ObjectId id) {
    update(id, true);
  }

  /** This node no longer holds refs to another node's object: tell its owner. */
  void released(ObjectId id) {
    update(id, false);
  }

  private void update(ObjectId id, boolean add) {
    NodeId owner = view.ownerOf(id.high());
    if (owner == null || owner.equals(view.self())) {
      return;
    }
    if (!view.isAlive(owner)) {
      if (!add) { // an owner only apart (paused) still pins it for us: it hears this when back
        toOwners.keep(owner, id, false);
      }
      return;
    }
    CompletableFuture<Void> f = toOwners.send(owner, id, add); // and again until acknowledged
    if (add) {
      CompletableFuture<Void> ended =
          f.handle(
              (v, e) -> {
                if (e != null) {
                  LOG.debug(
                      "owner {} did not take borrowing of {}: {}",
                      owner.hex(),
                      id.hex(),
                      e.toString());
                }
                return null;
              });
      CompletableFuture<Void> waiting =
          unacknowledged.merge(id, ended, (older, now) -> CompletableFuture.allOf(older, now));
      waiting.whenComplete((v, e) -> unacknowledged.remove(id, waiting));
    }
  }

  /**
   * Completes once this node's borrowings of {@code ids} announced so far were acknowledged by
   * their owners, or their first send failed (a failed one is sent again until acknowledged, see
   * {@link #retryUnacknowledged}). Borrowings of other objects are not waited for. Never blocks.
   */
  public CompletableFuture<Void> acknowledged(java.util.Collection<ObjectId> ids) {
    List<CompletableFuture<Void>> waits = new java.util.ArrayList<>();
    for (ObjectId id : ids) {
      CompletableFuture<Void> f = unacknowledged.get(id);
      if (f != null) {
        waits.add(f);
      }
    }
    return waits.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
  }

  /** A node left: changes for objects it owned are no longer sent. */
  public void nodeLost(NodeId node) {
    toOwners.forget(node);
  }
}
