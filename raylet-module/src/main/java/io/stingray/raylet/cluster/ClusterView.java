package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.gcs.NodeRecord;
import io.stingray.gcs.NodeTable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's recent view of the node table, read at most every 200 ms (placement asks per task),
 * plus the nodes this node already knows are gone. Thread-safe.
 */
public final class ClusterView {
  /** Label of a node record: the names of the jobs deployed there, comma-separated. */
  public static final String JOBS_LABEL = "jobs";

  /** Label of a node record: "true" if it runs work of any job (its code is on its class path). */
  public static final String ANY_JOB_LABEL = "anyJob";

  /**
   * Set to "true" only by a node itself, in the row it writes as it stops: it left on purpose (a
   * row other nodes mark dead after losing it never has it).
   */
  public static final String LEFT_LABEL = "left";

  private static final long REFRESH_NANOS = 200_000_000L;
  private final NodeTable table;
  private final NodeId self;
  private final Set<NodeId> lost = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Long, NodeId> owners = new ConcurrentHashMap<>();
  private volatile List<NodeRecord> nodes = List.of(); // alive ones, as last read
  private volatile long readAt;

  public ClusterView(NodeTable table, NodeId self) {
    this.table = table;
    this.self = self;
  }

  /** This node's id. */
  public NodeId self() {
    return self;
  }

  /** The nodes that are alive, as recently read (this node included once it registered). */
  public List<NodeRecord> alive() {
    long now = System.nanoTime();
    if (now - readAt > REFRESH_NANOS) {
      nodes = table.all().stream().filter(n -> n.alive() && !lost.contains(n.id())).toList();
      readAt = now;
    }
    return nodes;
  }

  /** Reads the table again on the next question (a node joined or left). */
  public void invalidate() {
    readAt = 0;
  }

  /** Remembers a node as gone (its record may say alive for a moment longer). */
  public void markLost(NodeId node) {
    lost.add(node);
    invalidate();
  }

  /**
   * A node is in the view again: if it was lost (a partition healed), it is alive again as its row
   * says. Returns whether it was lost.
   */
  public boolean rejoined(NodeId node) {
    boolean was = lost.remove(node);
    invalidate();
    return was;
  }

  /**
   * Nodes marked lost that are members of the GCS view again are alive again: a safety net for a
   * merge whose join this node did not hear as one (views in another order, a bridge between the
   * sides). A lost node leaves the GCS view before it is marked, so a member here is back. Returns
   * how many came back.
   */
  public int rejoinMembers(java.util.function.Supplier<java.util.Collection<String>> members) {
    List<NodeId> marked = List.copyOf(lost); // before the view: a node marked after is not back
    if (marked.isEmpty()) {
      return 0;
    }
    java.util.Collection<String> now = members.get();
    int back = 0;
    for (NodeId n : marked) {
      if (now.contains(n.hex()) && rejoined(n)) {
        back++;
      }
    }
    return back;
  }

  /** Whether a node is alive as far as this node knows. */
  public boolean isAlive(NodeId node) {
    if (node.equals(self)) {
      return true;
    }
    if (lost.contains(node)) {
      return false;
    }
    if (alive().stream().anyMatch(n -> n.id().equals(node))) {
      return true;
    }
    invalidate(); // it may have joined since the last read
    return alive().stream().anyMatch(n -> n.id().equals(node));
  }

  /** A node's raylet address (host:port), or null if unknown. */
  public String address(NodeId node) {
    Optional<NodeRecord> r = alive().stream().filter(n -> n.id().equals(node)).findFirst();
    if (r.isEmpty()) {
      invalidate();
      r = alive().stream().filter(n -> n.id().equals(node)).findFirst();
    }
    return r.map(NodeRecord::address).orElse(null);
  }

  /**
   * The node whose ids start with these 64 bits (every node makes object, task and actor ids from
   * the upper half of its node id), or null if no such node is known.
   */
  public NodeId ownerOf(long idHigh) {
    if (idHigh == self.high()) {
      return self;
    }
    NodeId known = owners.get(idHigh);
    if (known != null) {
      return known;
    }
    for (NodeRecord n : table.all()) {
      if (n.id().high() == idHigh) {
        owners.put(idHigh, n.id());
        return n.id();
      }
    }
    return null;
  }

  /** Whether a node can run work of a job: the job is deployed there, or it runs any job. */
  public static boolean runsJob(NodeRecord node, String job) {
    if ("true".equals(node.labels().get(ANY_JOB_LABEL))) {
      return true;
    }
    String jobs = node.labels().get(JOBS_LABEL);
    return jobs != null && Arrays.asList(jobs.split(",")).contains(job);
  }
}
