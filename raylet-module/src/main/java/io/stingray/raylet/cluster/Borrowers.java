package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.rpc.Peers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed reference counting, both sides. As a borrower: tells an object's owner when this node
 * starts and stops holding refs to it, and lets answers wait until the owners acknowledged. As an
 * owner: pins an object (one handle per borrowing node) while other nodes borrow it, and unpins
 * everything a lost node borrowed. Thread-safe.
 */
public final class Borrowers {
  private static final Logger LOG = LoggerFactory.getLogger(Borrowers.class);

  private final ClusterView view;
  private final Peers peers;
  private volatile ObjectTable table;
  private final Map<ObjectId, Map<NodeId, ObjectRefImpl<?>>> pins = new ConcurrentHashMap<>();
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

  /** The table whose objects are pinned for borrowers. */
  public void attach(ObjectTable t) {
    this.table = t;
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

  /** As owner: a node borrows or stops borrowing our objects. */
  public void update(NodeId borrower, List<ObjectId> add, List<ObjectId> remove) {
    LOG.debug("node {} borrows {} and releases {}", borrower.hex(), add, remove);
    ObjectTable t = table;
    for (ObjectId id : add) {
      if (t != null && t.entry(id) != null) {
        pins.computeIfAbsent(id, k -> new ConcurrentHashMap<>())
            .computeIfAbsent(borrower, n -> t.newRef(id, null));
      } else {
        LOG.debug("node {} borrows {}, which is gone here", borrower.hex(), id.hex());
      }
    }
    for (ObjectId id : remove) {
      unpin(id, borrower);
    }
  }

  private void unpin(ObjectId id, NodeId borrower) {
    pins.computeIfPresent(
        id,
        (k, byNode) -> {
          byNode.remove(borrower);
          return byNode.isEmpty() ? null : byNode;
        });
  }

  /** Objects pinned for other nodes now (for tests and the console). */
  public int pinned() {
    return pins.size();
  }

  /** A node left: whatever it borrowed is no longer pinned for it. */
  public void nodeLost(NodeId node) {
    toOwners.forget(node);
    for (ObjectId id : List.copyOf(pins.keySet())) {
      unpin(id, node);
    }
  }
}
