package io.stingray.raylet.cluster;

import io.grpc.Status;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.api.exception.OwnerDiedException;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.rpc.PeerClient;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.rpc.Wire;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings objects of other nodes here: pulls their bytes from the owner, or from another node with a
 * copy ({@link ObjectLocations}; the owner if that fails), into this node's store, or inline when
 * small. A pull of an object that is still being made is asked again every minute while its owner
 * lives; a dead owner gives {@link OwnerDiedException}, an object its owner no longer has {@link
 * ObjectLostException}.
 *
 * <p>A pull whose bytes stop coming for 30 s (the peer client's progress deadline) is made again,
 * up to {@link #PULL_TRIES} times, then fails with {@link ObjectLostException}; waiting for an
 * object still being made is not bounded while its holder lives (as a {@code get} without a timeout
 * waits for its task).
 *
 * <p>Every pulled object is checked against the CRC32C its holder sent (taken when the object
 * entered the first store): bytes that arrive short or different are never kept or handed out; the
 * pull is made again (up to {@link #PULL_TRIES} times from the node chosen, then from the owner),
 * and then fails with {@link ObjectLostException} naming the object. Each such arrival is logged at
 * ERROR and counted ({@link #checksumFailures}). Thread-safe.
 */
public final class ObjectFetcher implements ObjectTable.Remote {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectFetcher.class);
  static final Duration PULL_DEADLINE = Duration.ofSeconds(60);

  /** Pulls of one object from one node whose bytes arrived damaged, before giving up on it. */
  static final int PULL_TRIES = 3;

  /** Pulls that take this long are logged at INFO with their size and rate. */
  static final long SLOW_PULL_MILLIS = 2_000;

  private final ClusterView view;
  private final Peers peers;
  private final ObjectStore store;
  private final long maxInlineBytes;
  private final java.util.concurrent.ConcurrentHashMap<ObjectId, Holder> keptElsewhere =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A node that keeps something (a large result, refs inside a result) for an object of ours. */
  private record Holder(NodeId node, ObjectId id) {}

  private final Borrowers borrowers;
  private final ObjectLocations locations; // null: pull from owners only
  private final java.util.concurrent.Executor executor;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong pulls =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong pulledBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong checksumFailures =
      new java.util.concurrent.atomic.AtomicLong();

  /** A pull whose bytes arrived short or not matching their checksum. */
  private record Damaged(String why) {}

  private final UntilAcknowledged frees;

  public ObjectFetcher(
      ClusterView view,
      Peers peers,
      ObjectStore store,
      long maxInlineBytes,
      Borrowers borrowers,
      ObjectLocations locations,
      java.util.concurrent.Executor executor) {
    this.locations = locations;
    this.frees =
        new UntilAcknowledged(
            (node, ids) -> peers.to(node).free(List.copyOf(ids.keySet())), view::isAlive, "free");
    this.borrowers = borrowers;
    this.executor = executor;
    this.view = view;
    this.peers = peers;
    this.store = store;
    this.maxInlineBytes = maxInlineBytes;
  }

  @Override
  public CompletableFuture<ObjectValue> fetch(ObjectId id) {
    NodeId owner = view.ownerOf(id.high());
    if (owner == null || !view.isAlive(owner)) {
      return CompletableFuture.completedFuture(
          new ObjectValue.Failed(
              new OwnerDiedException(
                  "the owner of object "
                      + id.hex()
                      + " ("
                      + (owner == null ? "an unknown node" : "node " + owner.hex())
                      + ") is gone, and the object with it")));
    }
    NodeId from = locations == null ? owner : locations.source(id, owner);
    if (from.equals(owner)) {
      return pull(owner, id, id);
    }
    return pull(from, id, id)
        .thenCompose(
            v -> {
              if (v instanceof ObjectValue.Failed f) {
                LOG.debug(
                    "object {} not pulled from the copy on {} ({}); asking its owner",
                    id.hex(),
                    from.hex(),
                    f.error().getMessage());
                return pull(owner, id, id);
              }
              return CompletableFuture.completedFuture(v);
            });
  }

  /**
   * Pulls object {@code remoteId} from {@code node} and keeps it here as {@code localId}.
   *
   * @return completes with the value here (never exceptionally: failures become {@link
   *     ObjectValue.Failed})
   */
  public CompletableFuture<ObjectValue> pull(NodeId node, ObjectId remoteId, ObjectId localId) {
    CompletableFuture<ObjectValue> result = new CompletableFuture<>();
    inFlight.incrementAndGet();
    result.whenComplete((v, e) -> inFlight.decrementAndGet());
    attempt(node, remoteId, localId, result, 1);
    return result;
  }

  private void attempt(
      NodeId node,
      ObjectId remoteId,
      ObjectId localId,
      CompletableFuture<ObjectValue> result,
      int attempt) {
    PeerClient client;
    try {
      client = peers.to(node);
    } catch (IllegalStateException e) {
      result.complete(lost(remoteId, node, e.getMessage()));
      return;
    }
    long started = System.nanoTime();
    client
        .pull(remoteId, "", PULL_DEADLINE)
        .whenComplete(
            (p, error) -> {
              if (error == null) {
                long pulled = System.nanoTime();
                pulls.incrementAndGet();
                pulledBytes.addAndGet(p.size());
                Damaged damaged = damage(p);
                if (damaged != null) {
                  checksumFailures.incrementAndGet();
                  LOG.error(
                      "object {} arrived damaged from node {} (pull {} of {}): {}",
                      remoteId.hex(),
                      node.hex(),
                      attempt,
                      PULL_TRIES,
                      damaged.why());
                  if (attempt < PULL_TRIES && view.isAlive(node)) {
                    attempt(node, remoteId, localId, result, attempt + 1);
                  } else {
                    result.complete(
                        lost(
                            remoteId,
                            node,
                            "its bytes arrived damaged " + attempt + " times: " + damaged.why()));
                  }
                  return;
                }
                ObjectValue v = keep(localId, p);
                long tookMillis = (pulled - started) / 1_000_000;
                if (tookMillis >= SLOW_PULL_MILLIS) {
                  LOG.info(
                      "pulled object {} ({} MiB) from node {} in {} ms ({} MB/s)",
                      remoteId.hex(),
                      p.size() >> 20,
                      node.hex(),
                      tookMillis,
                      p.size() / 1000 / Math.max(1, tookMillis));
                } else if (LOG.isDebugEnabled()) {
                  LOG.debug(
                      "pulled object {} ({} bytes) from {} in {} ms, kept in {} ms",
                      remoteId.hex(),
                      p.size(),
                      node.hex(),
                      (pulled - started) / 1_000_000,
                      (System.nanoTime() - pulled) / 1_000_000);
                }
                result.complete(v);
                return;
              }
              Status s = Status.fromThrowable(unwrap(error));
              if (s.getCode() == Status.Code.DEADLINE_EXCEEDED && view.isAlive(node)) {
                attempt(node, remoteId, localId, result, attempt); // still being made: ask again
              } else if (s.getCode() == Status.Code.ABORTED
                  && attempt < PULL_TRIES
                  && view.isAlive(node)) {
                LOG.warn(
                    "pull {} of {} of object {} from node {} stalled: {}",
                    attempt,
                    PULL_TRIES,
                    remoteId.hex(),
                    node.hex(),
                    s.getDescription());
                attempt(node, remoteId, localId, result, attempt + 1); // stalled: bounded
              } else if (!view.isAlive(node)) {
                result.complete(
                    new ObjectValue.Failed(
                        new OwnerDiedException(
                            "node "
                                + node.hex()
                                + " holding object "
                                + remoteId.hex()
                                + " is gone: "
                                + s.getDescription())));
              } else {
                result.complete(lost(remoteId, node, s.getCode() + ": " + s.getDescription()));
              }
            });
  }

  /** Pulled objects whose bytes arrived short or not matching their checksum, since start. */
  public long checksumFailures() {
    return checksumFailures.get();
  }

  /** Why a pulled object's bytes cannot be kept, or null if they are whole and match. */
  private static Damaged damage(PeerClient.Pulled p) {
    if (p.failure() != null) {
      return null;
    }
    long size = 0;
    for (byte[] c : p.chunks()) {
      size += c.length;
    }
    if (size != p.size()) {
      return new Damaged(size + " of " + p.size() + " bytes");
    }
    int got = p.received(); // taken as the bytes came
    if (got != p.checksum()) {
      return new Damaged(
          "checksum "
              + Integer.toHexString(got)
              + " instead of "
              + Integer.toHexString(p.checksum()));
    }
    return null;
  }

  /** Pulls under way now. */
  public int pullsInFlight() {
    return inFlight.get();
  }

  /** Objects pulled from other nodes since this node started. */
  public long pulls() {
    return pulls.get();
  }

  /** Bytes pulled from other nodes since this node started. */
  public long pulledBytes() {
    return pulledBytes.get();
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static ObjectValue lost(ObjectId id, NodeId node, String why) {
    return new ObjectValue.Failed(
        new ObjectLostException(
            "object " + id.hex() + " could not be fetched from node " + node.hex() + ": " + why));
  }

  private ObjectValue keep(ObjectId localId, PeerClient.Pulled p) {
    if (p.failure() != null) {
      return new ObjectValue.Failed(Wire.exception(p.failure(), null));
    }
    try {
      ChunkedBytes bytes = ChunkedBytes.of(p.chunks()); // whole and checked: damage(p)
      if (bytes.size() <= maxInlineBytes) {
        return new ObjectValue.Inline(bytes.toByteArray());
      }
      // the waiting get reads these bytes at once
      store.putLater(localId, bytes, p.checksum(), executor);
      return new ObjectValue.Stored(bytes.size());
    } catch (RuntimeException e) {
      LOG.warn("cannot keep object {} here: {}", localId.hex(), e.toString());
      return new ObjectValue.Failed(
          e instanceof io.stingray.api.exception.RayException r
              ? r
              : new ObjectLostException("cannot keep object " + localId.hex() + ": " + e, e));
    }
  }

  /** Remembers that {@code node} keeps {@code remoteId} for our object {@code ours}. */
  public void keptAt(ObjectId ours, NodeId node, ObjectId remoteId) {
    keptElsewhere.put(ours, new Holder(node, remoteId));
  }

  @Override
  public void freed(ObjectId id) {
    Holder h = keptElsewhere.remove(id);
    if (h != null) {
      freeAt(h.node(), h.id());
    }
  }

  /**
   * Tells a node it may drop an object it kept for this node; told again until it acknowledges
   * ({@link #retryUnacknowledged}), or it is gone.
   */
  void freeAt(NodeId node, ObjectId id) {
    if (view.isAlive(node)) {
      frees.send(node, id, true);
    } else {
      frees.keep(node, id, true); // a node only apart (paused) still keeps it: told when back
    }
  }

  /** Sends again the frees other nodes have not acknowledged; the heartbeat calls it. */
  public void retryUnacknowledged() {
    frees.retry();
  }

  @Override
  public void borrowed(ObjectId id) {
    borrowers.borrowed(id);
  }

  @Override
  public void released(ObjectId id) {
    borrowers.released(id);
  }

  /** Forgets what a lost node kept for us. */
  public void nodeLost(NodeId node) {
    frees.forget(node);
    keptElsewhere.values().removeIf(h -> h.node().equals(node));
  }
}
