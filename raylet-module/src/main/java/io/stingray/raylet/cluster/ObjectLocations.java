package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.gcs.NodeRecord;
import io.stingray.gcs.ObjectDirectory;
import io.stingray.raylet.object.ObjectStore;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the GCS object directory in step with this node's store, and reads it to choose where to
 * pull an object from. Writes are asynchronous: a copy shows in the directory a moment after it is
 * stored, and a pull from a copy that has just left falls back to the owner. Thread-safe.
 */
public final class ObjectLocations implements ObjectStore.Locations {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectLocations.class);
  private final ObjectDirectory directory;
  private final ClusterView view;
  private final NodeId self;

  public ObjectLocations(ObjectDirectory directory, ClusterView view) {
    this.directory = directory;
    this.view = view;
    this.self = view.self();
  }

  @Override
  public void added(ObjectId id, long size) {
    report(directory.addLocation(id, self, size), "add", id);
  }

  @Override
  public void removed(ObjectId id) {
    report(directory.removeLocation(id, self), "remove", id);
  }

  private static void report(
      java.util.concurrent.CompletionStage<?> write, String what, ObjectId id) {
    write.whenComplete(
        (v, e) -> {
          if (e != null) {
            LOG.debug("cannot {} a location of object {}: {}", what, id.hex(), e.toString());
          }
        });
  }

  /**
   * Where to pull {@code id} from: a random alive node other than its owner and this node that
   * holds a copy (so that many nodes reading one object do not all read it from its owner), else
   * the owner.
   */
  public NodeId source(ObjectId id, NodeId owner) {
    List<NodeId> others =
        view.alive().stream()
            .map(NodeRecord::id)
            .filter(n -> !n.equals(owner) && !n.equals(self))
            .toList();
    List<NodeId> holders = others.isEmpty() ? List.of() : directory.locations(id, others);
    return holders.isEmpty()
        ? owner
        : holders.get(ThreadLocalRandom.current().nextInt(holders.size()));
  }

  /**
   * A node left: its copies leave the directory. Done by one node only, the alive one with the
   * lowest id, so that the removals are not repeated by every node.
   */
  public void nodeLost(NodeId lost) {
    NodeId first =
        view.alive().stream()
            .map(NodeRecord::id)
            .filter(n -> !n.equals(lost))
            .min(Comparator.comparing(NodeId::hex))
            .orElse(self);
    if (first.equals(self)) {
      forget(lost);
    }
  }

  /** Removes every copy a node held from the directory (this node, as it leaves). */
  public void forget(NodeId node) {
    try {
      directory.removeNode(node);
    } catch (RuntimeException e) {
      LOG.debug("cannot forget the copies of node {}: {}", node.hex(), e.toString());
    }
  }
}
