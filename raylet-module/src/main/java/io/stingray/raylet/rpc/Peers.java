package io.stingray.raylet.rpc;

import io.stingray.api.NodeId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The connections of this node to the others, made on first use from the address in the node table
 * and dropped when a node is lost. Thread-safe.
 */
public final class Peers implements AutoCloseable {
  private final ConcurrentHashMap<NodeId, PeerClient> clients = new ConcurrentHashMap<>();
  private final ClusterAuth auth;
  private final Executor executor;
  private final Function<NodeId, String> addresses;
  private final NodeTls tls;
  private final PullBudget budget;
  private final PeerIo io = new PeerIo(); // started here, at the node's start: see PeerIo
  private volatile boolean closed;

  /**
   * @param addresses the host:port of a node's raylet service, or null if unknown
   * @param tls mutual TLS to every node, or null for plain TCP
   */
  public Peers(
      ClusterAuth auth, Executor executor, Function<NodeId, String> addresses, NodeTls tls) {
    this(auth, executor, addresses, tls, new PullBudget(Long.MAX_VALUE));
  }

  /**
   * @param addresses the host:port of a node's raylet service, or null if unknown
   * @param tls mutual TLS to every node, or null for plain TCP
   * @param budget the bytes this node may receive over object ports at once
   */
  public Peers(
      ClusterAuth auth,
      Executor executor,
      Function<NodeId, String> addresses,
      NodeTls tls,
      PullBudget budget) {
    PeerClient.prepareGrpc();
    this.budget = budget;
    this.auth = auth;
    this.executor = executor;
    this.addresses = addresses;
    this.tls = tls;
  }

  /**
   * The client of a node.
   *
   * @throws IllegalStateException if the node's address is unknown or this node is stopping
   */
  public PeerClient to(NodeId node) {
    PeerClient c = clients.get(node);
    if (c != null) {
      return c;
    }
    if (closed) {
      throw new IllegalStateException("this node is stopping");
    }
    String address = addresses.apply(node);
    if (address == null) {
      throw new IllegalStateException("node " + node.hex() + " is not in the node table");
    }
    // made outside the map's lock: building a channel waits for a network thread (PeerIo), and
    // those threads call here too (answers are handled on them), so under the lock they could
    // wait for each other for ever
    PeerClient made = new PeerClient(node, address, auth, executor, tls, budget, io);
    PeerClient won = clients.putIfAbsent(node, made);
    if (won != null) {
      made.lost("another connection to the node was made at the same time");
      return won;
    }
    return made;
  }

  /** The bytes this node may receive over object ports at once, and how that went. */
  public PullBudget budget() {
    return budget;
  }

  /** Unanswered works sent to a node. */
  public int inFlight(NodeId node) {
    PeerClient c = clients.get(node);
    return c == null ? 0 : c.inFlight();
  }

  /**
   * Ends pulls that wait too long for their object or for their next bytes (see {@link
   * PeerClient#checkPulls}); the node's heartbeat calls it about once a second. Never blocks.
   */
  public void checkPulls() {
    long now = System.nanoTime();
    for (PeerClient c : clients.values()) {
      c.checkPulls(now);
    }
  }

  /** A node left: fails its unanswered works and forgets its connection. */
  public void lost(NodeId node, String why) {
    PeerClient c = clients.remove(node);
    if (c != null) {
      c.lost(why);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (NodeId n : List.copyOf(clients.keySet())) {
      lost(n, "this node is stopping");
    }
    io.close();
  }
}
