package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.Peers;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed reference counting, the borrower's side: tells an object's owner when this node
 * starts and stops holding refs to it (until acknowledged), and lets answers wait until the owners
 * acknowledged. The owner's side is {@link Loans}. Thread-safe.
 */
public final class Borrowers {
  private static final Logger LOG = LoggerFactory.getLogger(Borrowers.class);

  private final ClusterView view;
  private final Peers peers;
  private final Set<CompletableFuture<Void>> unacknowledged = ConcurrentHashMap.newKeySet();
  private final UntilAcknowledged toOwners;

  public Borrowers(ClusterView view, Peers peers) {
    this.view = view;
    this.peers = peers;
    this.toOwners =
        new UntilAcknowledged(
            (owner, changes) -> {
              List<ObjectId> add = new java.util.ArrayList<>();
              List<ObjectId> remove = new java.util.ArrayList<>();
              changes.forEach((id, borrowing) -> (borrowing ? add : remove).add(id));
              return peers.to(owner).updateBorrowers(view.self(), add, remove);
            },
            view::isAlive,
            "borrowing");
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
    if (owner == null || owner.equals(view.self()) || !view.isAlive(owner)) {
      return; // an owner that is gone has nothing to keep
    }
    CompletableFuture<Void> f = toOwners.send(owner, id, add); // and again until acknowledged
    if (add) {
      unacknowledged.add(f);
      f.whenComplete(
          (v, e) -> {
            unacknowledged.remove(f);
            if (e != null) {
              LOG.debug(
                  "owner {} did not take borrowing of {}: {}", owner.hex(), id.hex(), e.toString());
            }
          });
    }
  }

  /** Completes once every borrowing announced so far has been acknowledged (or failed). */
  public CompletableFuture<Void> acknowledged() {
    if (unacknowledged.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(unacknowledged.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null);
  }

  /** A node left: changes for objects it owned are no longer sent. */
  public void nodeLost(NodeId node) {
    toOwners.forget(node);
  }
}
