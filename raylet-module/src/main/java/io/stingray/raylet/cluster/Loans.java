package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed reference counting, the owner's side: pins an object of this node (one handle per
 * borrowing node) while other nodes borrow it, and unpins everything a lost node borrowed. The
 * borrower's side is {@link Borrowers}. Thread-safe.
 */
public final class Loans {
  private static final Logger LOG = LoggerFactory.getLogger(Loans.class);

  private final ObjectTable table;
  private final Map<ObjectId, Map<NodeId, ObjectRefImpl<?>>> pins = new ConcurrentHashMap<>();

  /**
   * @param table the table whose objects are pinned for borrowers
   */
  public Loans(ObjectTable table) {
    this.table = table;
  }

  /** A node borrows ({@code add}) or stops borrowing ({@code remove}) our objects. */
  public void update(NodeId borrower, List<ObjectId> add, List<ObjectId> remove) {
    LOG.debug("node {} borrows {} and releases {}", borrower.hex(), add, remove);
    for (ObjectId id : add) {
      if (table.entry(id) != null) {
        pins.computeIfAbsent(id, k -> new ConcurrentHashMap<>())
            .computeIfAbsent(borrower, n -> table.newRef(id, null));
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
    for (ObjectId id : List.copyOf(pins.keySet())) {
      unpin(id, node);
    }
  }
}
