package io.stingray.raylet.rpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.proto.BorrowerUpdate;
import io.stingray.raylet.rpc.proto.BundlesRequest;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import io.stingray.raylet.rpc.proto.FreeRequest;
import io.stingray.raylet.rpc.proto.KillActorRequest;
import io.stingray.raylet.rpc.proto.ObjectChunk;
import io.stingray.raylet.rpc.proto.PullRequest;
import io.stingray.raylet.rpc.proto.RayletPeerGrpc;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkBatch;
import io.stingray.raylet.rpc.proto.WorkResult;
import io.stingray.raylet.rpc.proto.WorkResultBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's connection to one other node: an authenticated channel, one ordered {@code Dispatch}
 * stream for tasks and actor calls (reopened after a break), and the unary and pull calls. When the
 * stream breaks or the node is declared lost, every unanswered work's callback hears {@code lost}.
 * Thread-safe.
 *
 * <p>Over 400 lines because it is the whole client of one peer's protocol: the ordered dispatch
 * stream with its flow control, unary control calls, and pulls over gRPC or the object port with
 * their deadlines, all over one channel whose life it owns.
 */
public final class PeerClient implements AutoCloseable {
  /** The largest one work sent to another node (a batch of works adds a few bytes per work). */
  static final int MAX_WORK_BYTES = PeerServer.MAX_MESSAGE_BYTES - (64 << 10);

  /** Short calls (create, kill, free) get this deadline. */
  static final Duration CONTROL_DEADLINE = Duration.ofSeconds(10);

  /**
   * Told once of the outcome of one work sent to the node, on a gRPC network thread: must not
   * block.
   */
  public interface WorkCallback {
    void done(WorkResult result);

    /** The node (or the stream to it) went away before answering. */
    void lost(String why);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerClient.class);

  private final NodeId node;
  private final PullBudget budget;
  private final ManagedChannel channel;
  private final RayletPeerGrpc.RayletPeerStub async;
  private final RayletPeerGrpc.RayletPeerBlockingStub blocking;
  private final AtomicLong callIds = new AtomicLong();
  private final Executor executor;
  private DispatchStream stream; // guarded by this
  private boolean closed; // guarded by this
  private final String host;
  private final NodeTls tls; // null: plain TCP
  // System.nanoTime() when the object port last could not be reached (a firewall, a link down for
  // a while): large objects come over gRPC for portRetry from then; 0: the port is used
  private volatile long portFailedAt;

  /**
   * How long pulls go over gRPC after the node's object port could not be reached, before the port
   * is tried again (a port behind a firewall costs one failed connect per period; one that was cut
   * off for a while is used again once it is back).
   */
  static final Duration PORT_RETRY = Duration.ofSeconds(60);

  Duration portRetry = PORT_RETRY; // tests shorten it
  private final java.util.Set<PullWatch> pulls = ConcurrentHashMap.newKeySet();

  /**
   * A pull over gRPC whose bytes have started to come may go this long without a chunk before it is
   * given up (the object port's reads have the same limit: {@link BulkClient#READ_TIMEOUT_MS}).
   */
  static final Duration PROGRESS_TIMEOUT = Duration.ofMillis(BulkClient.READ_TIMEOUT_MS);

  /**
   * One gRPC pull under way, for {@link #checkPulls}: until the header comes the holder is waiting
   * for the object to be made (the caller's deadline); after, every chunk must follow the last
   * within {@link #PROGRESS_TIMEOUT}, however long the whole transfer takes.
   */
  private static final class PullWatch {
    final io.grpc.ClientCall<PullRequest, PulledChunk> call;
    final ObjectId id;
    final long readyBy;
    volatile long lastProgress = System.nanoTime();
    volatile boolean started;
    volatile Status cancelled; // why checkPulls ended it

    PullWatch(io.grpc.ClientCall<PullRequest, PulledChunk> call, ObjectId id, long readyBy) {
      this.call = call;
      this.id = id;
      this.readyBy = readyBy;
    }
  }

  private static final String ALLOCATION_TRACKING =
      "io.grpc.ManagedChannel.enableAllocationTracking";

  /**
   * Readies gRPC's channel bookkeeping from a stack that holds no application's classes (a node's
   * start). gRPC records where each channel was built (a stack trace, to report one never shut
   * down), and makes one such trace when its class first loads; each holds the classes on the
   * stack, so a channel first built while an application's task was calling kept that application's
   * class loader forever. Channels here are shut down when their node leaves or this node stops:
   * the record is turned off (unless the JVM was told otherwise), and the class loaded now.
   */
  static void prepareGrpc() {
    if (System.getProperty(ALLOCATION_TRACKING) == null) {
      System.setProperty(ALLOCATION_TRACKING, "false");
    }
    try {
      Class.forName(
          "io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference",
          true,
          io.grpc.ManagedChannel.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) { // another gRPC: nothing to ready
      LOG.debug("gRPC's channel bookkeeping not readied: {}", e.toString());
    }
  }

  PeerClient(NodeId node, String address, ClusterAuth auth, Executor executor, NodeTls tls) {
    this(node, address, auth, executor, tls, new PullBudget(Long.MAX_VALUE), null);
  }

  /**
   * @param budget the bytes this node may receive over object ports at once, shared by every client
   *     of this node
   * @param io the network threads of this node's clients (null: gRPC's shared ones)
   */
  PeerClient(
      NodeId node,
      String address,
      ClusterAuth auth,
      Executor executor,
      NodeTls tls,
      PullBudget budget,
      PeerIo io) {
    this.budget = budget;
    this.node = node;
    this.executor = executor;
    this.tls = tls;
    String h = address.substring(0, Math.max(0, address.lastIndexOf(':')));
    this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address);
    if (io != null) {
      io.use(builder);
    }
    if (tls == null) {
      builder.usePlaintext();
    } else {
      builder.sslContext(tls.grpcClient());
    }
    builder
        .directExecutor() // callbacks only hand work on; saves a thread hop per message
        .intercept(auth)
        .maxInboundMessageSize(PeerServer.MAX_MESSAGE_BYTES)
        .flowControlWindow(PeerServer.FLOW_CONTROL_WINDOW)
        .keepAliveTime(10, TimeUnit.SECONDS)
        .keepAliveTimeout(5, TimeUnit.SECONDS);
    this.channel = io != null ? io.build(builder::build) : builder.build();
    this.async = RayletPeerGrpc.newStub(channel);
    this.blocking = RayletPeerGrpc.newBlockingStub(channel);
  }

  /** The node this client talks to. */
  public NodeId node() {
    return node;
  }

  /**
   * Sends a task or actor call; {@code callback} hears its outcome exactly once. A work too large
   * for one message between nodes fails alone, at once, with a message naming the limit (it would
   * otherwise break the stream every other work shares).
   */
  public void send(Work.Builder work, WorkCallback callback) {
    long id = callIds.incrementAndGet();
    Work built = work.setCallId(id).build();
    int size = built.getSerializedSize();
    if (size > MAX_WORK_BYTES) {
      callback.done(
          WorkResult.newBuilder()
              .setCallId(id)
              .setFailure(
                  Wire.failure(
                      new io.stingray.api.exception.RayException(
                          "this task's function and arguments take "
                              + size
                              + " bytes, more than the "
                              + MAX_WORK_BYTES
                              + " one work may take between nodes: pass large values as"
                              + " ObjectRefs (ray.put), not captured in the function"),
                      null))
              .build());
      return;
    }
    DispatchStream s;
    synchronized (this) {
      if (closed) {
        s = null;
      } else {
        s = stream;
        if (s == null) {
          s = new DispatchStream();
          stream = s;
          // may fail at once (and clear stream) on this thread
          s.requests = async.withOnReadyThreshold(PeerServer.READY_THRESHOLD).dispatch(s);
        }
        s.pending.put(id, callback);
      }
    }
    if (s == null) {
      callback.lost("no connection to node " + node.hex());
      return;
    }
    if (s.dead && s.pending.remove(id) != null) {
      callback.lost("the stream to node " + node.hex() + " broke");
      return;
    }
    s.out.add(built);
  }

  /** How many works sent to the node are unanswered (its load as this node sees it). */
  public int inFlight() {
    DispatchStream s;
    synchronized (this) {
      s = stream;
    }
    return s == null ? 0 : s.pending.size();
  }

  /**
   * Asks the node to host an actor.
   *
   * @throws StatusRuntimeException if it refuses, cannot be reached or does not answer in time
   */
  public void createActor(CreateActorRequest request) {
    blocking
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .createActor(request);
  }

  /**
   * One phase of reserving placement-group bundles on the node.
   *
   * @throws StatusRuntimeException FAILED_PRECONDITION if PREPARE finds them not free; others if
   *     the node cannot be reached in time
   */
  public void bundles(
      BundlesRequest.Phase phase,
      io.stingray.api.PlacementGroupId group,
      Map<Integer, Map<String, Double>> bundles) {
    BundlesRequest.Builder b =
        BundlesRequest.newBuilder().setPhase(phase).setGroupId(Wire.id(group));
    bundles.forEach(
        (i, r) ->
            b.putBundles(
                i,
                io.stingray.raylet.rpc.proto.BundleResources.newBuilder()
                    .putAllResources(r)
                    .build()));
    blocking
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .bundles(b.build());
  }

  /** Asks the node to kill an actor it hosts; failures are the caller's to log. */
  public void killActor(ActorId id, boolean noRestart) {
    blocking
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .killActor(
            KillActorRequest.newBuilder().setActorId(Wire.id(id)).setNoRestart(noRestart).build());
  }

  /**
   * Asks the node for the recent tasks it owns (see {@code ListTasks}); does not block.
   *
   * @return completes with the reply, or exceptionally with the gRPC status (5 s deadline)
   */
  public CompletableFuture<io.stingray.raylet.rpc.proto.ListTasksReply> listTasks(
      int limit, String state) {
    CompletableFuture<io.stingray.raylet.rpc.proto.ListTasksReply> done = new CompletableFuture<>();
    async
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .listTasks(
            io.stingray.raylet.rpc.proto.ListTasksRequest.newBuilder()
                .setLimit(limit)
                .setState(state == null ? "" : state)
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(io.stingray.raylet.rpc.proto.ListTasksReply value) {
                done.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.completeExceptionally(
                    new IllegalStateException("ListTasks completed without a reply"));
              }
            });
    return done;
  }

  /**
   * Asks the node to cancel a task it owns; blocks up to 10 s.
   *
   * @return false if the node has no unfinished task with that id
   * @throws io.grpc.StatusRuntimeException if the node cannot be asked
   */
  public boolean cancelTask(String taskId, boolean force) {
    return blocking
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .cancelTask(
            io.stingray.raylet.rpc.proto.CancelTaskRequest.newBuilder()
                .setTaskId(taskId)
                .setForce(force)
                .build())
        .getFound();
  }

  /**
   * Tells the node it may drop objects it kept for this node; does not wait.
   *
   * @return completes when the node acknowledged, exceptionally with the gRPC status
   */
  public CompletableFuture<Void> free(List<ObjectId> ids) {
    FreeRequest.Builder b = FreeRequest.newBuilder();
    ids.forEach(i -> b.addObjectIds(Wire.id(i)));
    CompletableFuture<Void> done = new CompletableFuture<>();
    async
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .freeObjects(b.build(), acknowledging(done));
    return done;
  }

  /** Completes {@code done} when a unary call is answered, exceptionally when it fails. */
  private static StreamObserver<io.stingray.raylet.rpc.proto.Ack> acknowledging(
      CompletableFuture<Void> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(io.stingray.raylet.rpc.proto.Ack value) {}

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    };
  }

  /**
   * Tells the node (the owner of these objects) that this node borrows or stops borrowing them.
   *
   * @return completes when the owner acknowledged, exceptionally with the gRPC status
   */
  public CompletableFuture<Void> updateBorrowers(
      NodeId self, List<ObjectId> add, List<ObjectId> remove) {
    BorrowerUpdate.Builder b = BorrowerUpdate.newBuilder().setBorrower(Wire.id(self));
    add.forEach(i -> b.addAdd(Wire.id(i)));
    remove.forEach(i -> b.addRemove(Wire.id(i)));
    CompletableFuture<Void> done = new CompletableFuture<>();
    async
        .withDeadlineAfter(CONTROL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .updateBorrowers(b.build(), acknowledging(done));
    return done;
  }

  /**
   * An object pulled from another node: its bytes in chunks with the CRC32C the holder sent for
   * them and the CRC32C of the bytes as they arrived (taken while they came; the receiver compares
   * the two), or the failure it holds.
   */
  public record Pulled(
      List<byte[]> chunks,
      long size,
      int checksum,
      int received,
      io.stingray.raylet.rpc.proto.Failure failure) {}

  /**
   * Pulls an object's bytes (the node streams them as fast as this side reads). A large object is
   * read from the node's object port ({@link BulkServer}) when the node offers it; if that port
   * cannot be reached, the object is pulled again over gRPC and this client stops asking for the
   * port for {@link #PORT_RETRY} (logged), then tries it again.
   *
   * @return completes with the object, or exceptionally with the gRPC status (NOT_FOUND when the
   *     node does not hold it, DEADLINE_EXCEEDED when it was not ready in time)
   */
  public CompletableFuture<Pulled> pull(ObjectId id, String job, Duration deadline) {
    CompletableFuture<Pulled> result = new CompletableFuture<>();
    long failed = portFailedAt;
    pull(id, job, deadline, failed == 0 || System.nanoTime() - failed >= portRetry.toNanos())
        .whenComplete(
            (p, error) -> {
              if (error instanceof QueuedPastTicket) { // a fresh ticket, in line again (once)
                forward(pull(id, job, deadline, true), result);
                return;
              }
              if (!(error instanceof BulkFailed)) { // done, or a failure gRPC would have too
                forward(CompletableFuture.completedFuture(p), result, error);
                return;
              }
              if (error.getCause() instanceof BulkClient.Unreachable) {
                boolean wasUsed = portFailedAt == 0;
                portFailedAt = Math.max(1, System.nanoTime());
                if (wasUsed) {
                  LOG.warn(
                      "cannot read objects from the object port of node {} at {} ({}); pulling"
                          + " them over gRPC, which is slower, and trying the port again every {}"
                          + " s",
                      node.hex(),
                      host,
                      error.getMessage(),
                      portRetry.toSeconds());
                }
              } else {
                LOG.debug("object port read failed, pulling over gRPC: {}", error.getMessage());
              }
              forward(pull(id, job, deadline, false), result);
            });
    return result;
  }

  /** Completes {@code to} as {@code from} completes. */
  private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
    from.whenComplete((v, e) -> forward(from, to, e));
  }

  /** Completes {@code to} with {@code error}, else with {@code done}'s value. */
  private static <T> void forward(CompletableFuture<T> done, CompletableFuture<T> to, Throwable e) {
    if (e == null) {
      to.complete(done.join());
    } else {
      to.completeExceptionally(e);
    }
  }

  /**
   * Reads an object over the holder's object port once the pull budget grants its bytes (pulls
   * beyond the budget wait their turn, no thread blocked). A pull that waited past its ticket's
   * life asks for a fresh ticket ({@link QueuedPastTicket}) instead of falling back to gRPC.
   */
  private void readBulk(ObjectChunk.Header header, CompletableFuture<Pulled> result) {
    long size = Math.max(0, header.getSize());
    long asked = System.nanoTime();
    java.util.concurrent.atomic.AtomicBoolean held =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable giveBack =
        () -> {
          if (held.compareAndSet(true, false)) {
            budget.release(size);
          }
        };
    budget
        .acquire(size)
        .thenRun(
            () -> {
              held.set(true);
              long granted = System.nanoTime();
              handOff(
                  result,
                  () -> {
                    try {
                      java.util.zip.CRC32C port = new java.util.zip.CRC32C();
                      List<byte[]> bytes =
                          BulkClient.read(
                              host,
                              header.getBulkPort(),
                              header.getBulkTicket().toByteArray(),
                              header.getSize(),
                              tls == null ? null : tls.objectPort(),
                              port);
                      giveBack.run(); // received: the budget is free before anyone hears of it
                      result.complete(
                          new Pulled(
                              bytes,
                              header.getSize(),
                              header.getChecksum(),
                              (int) port.getValue(),
                              null));
                      portFailedAt = 0; // reached: a later failure is news again
                    } catch (java.io.IOException e) {
                      // the ticket expired while the pull waited its turn: asked again, once
                      boolean expiredInLine =
                          granted - asked > BulkServer.TICKET_LIFETIME_NANOS / 2
                              && String.valueOf(e.getMessage()).contains("expired ticket");
                      giveBack.run();
                      result.completeExceptionally(
                          expiredInLine ? new QueuedPastTicket(e) : new BulkFailed(e));
                    } catch (RuntimeException e) { // a port out of range, a TLS failure...
                      giveBack.run();
                      result.completeExceptionally(
                          new BulkFailed(new java.io.IOException(e.toString(), e)));
                    } finally {
                      giveBack.run();
                    }
                  });
              if (result.isDone()) { // no worker took it (or it is done already)
                giveBack.run();
              }
            });
  }

  /** A pull waited for the budget so long that its ticket may have expired: pulled again. */
  private static final class QueuedPastTicket extends java.io.IOException {
    QueuedPastTicket(java.io.IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The object port could not be read (as opposed to the object being gone or not ready). */
  private static final class BulkFailed extends java.io.IOException {
    BulkFailed(java.io.IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private CompletableFuture<Pulled> pull(ObjectId id, String job, Duration deadline, boolean bulk) {
    CompletableFuture<Pulled> result = new CompletableFuture<>();
    // no deadline on the call: checkPulls ends it (a ready deadline, then one per chunk)
    io.grpc.ClientCall<PullRequest, PulledChunk> call =
        channel.newCall(PulledChunk.METHOD, io.grpc.CallOptions.DEFAULT);
    PullWatch watch = new PullWatch(call, id, System.nanoTime() + deadline.toNanos());
    pulls.add(watch);
    result.whenComplete((p, e) -> pulls.remove(watch));
    io.grpc.stub.ClientCalls.asyncServerStreamingCall(
        call,
        PullRequest.newBuilder().setObjectId(Wire.id(id)).setJob(job).setBulk(bulk).build(),
        new StreamObserver<PulledChunk>() {
          private final List<byte[]> chunks = new ArrayList<>();
          private final java.util.zip.CRC32C received = new java.util.zip.CRC32C();
          private ObjectChunk.Header header;
          private long got;

          @Override
          public void onNext(PulledChunk c) {
            watch.lastProgress = System.nanoTime();
            if (watch.cancelled != null) {
              return; // refused below: the rest is dropped
            }
            if (c.header() != null) {
              if (header != null || c.header().getSize() < 0) {
                refuse("a second header, or a size of " + c.header().getSize() + " bytes");
                return;
              }
              header = c.header();
              watch.started = true;
            } else if (header == null || got + c.data().length > header.getSize()) {
              // bytes nobody announced are not kept: a holder cannot fill this node's heap
              refuse(
                  "more bytes than the "
                      + (header == null ? "no" : String.valueOf(header.getSize()))
                      + " it announced");
            } else {
              got += c.data().length;
              chunks.add(c.data()); // already our own array: no copy
              received.update(c.data(), 0, c.data().length);
            }
          }

          private void refuse(String what) {
            watch.cancelled =
                Status.DATA_LOSS.withDescription(
                    "node " + node.hex() + " answered the pull of " + id + " with " + what);
            call.cancel(what, null);
          }

          @Override
          public void onError(Throwable t) {
            Status why = watch.cancelled;
            Throwable error = why == null ? t : why.withCause(t).asException();
            handOff(result, () -> result.completeExceptionally(error));
          }

          @Override
          public void onCompleted() {
            Status refused = watch.cancelled;
            if (refused != null) { // ended by refuse() or checkPulls: what came is not whole
              handOff(result, () -> result.completeExceptionally(refused.asException()));
              return;
            }
            // whoever waits stores the bytes (a copy): not on the network thread
            handOff(
                result,
                () -> {
                  if (header == null) {
                    result.completeExceptionally(
                        Status.DATA_LOSS
                            .withDescription("pull ended without a header")
                            .asException());
                  } else if (header.getBulkPort() != 0) {
                    readBulk(header, result);
                  } else {
                    result.complete(
                        new Pulled(
                            chunks,
                            header.getSize(),
                            header.getChecksum(),
                            (int) received.getValue(),
                            header.hasFailure() ? header.getFailure() : null));
                  }
                });
          }
        });
    return result;
  }

  /**
   * Ends the gRPC pulls that waited too long: for the object to be ready (DEADLINE_EXCEEDED, as a
   * call deadline would: the caller may ask again), or for the next chunk once bytes were coming
   * (ABORTED: the holder or the link stalled). Called about once a second; never blocks.
   *
   * @param now {@link System#nanoTime()} now
   */
  void checkPulls(long now) {
    for (PullWatch w : pulls) {
      Status why = null;
      if (!w.started && now - w.readyBy > 0) {
        why =
            Status.DEADLINE_EXCEEDED.withDescription(
                "object " + w.id.hex() + " was not ready on node " + node.hex() + " in time");
      } else if (w.started && now - w.lastProgress > PROGRESS_TIMEOUT.toNanos()) {
        why =
            Status.ABORTED.withDescription(
                "no bytes of object "
                    + w.id.hex()
                    + " came from node "
                    + node.hex()
                    + " for "
                    + PROGRESS_TIMEOUT.toSeconds()
                    + " s");
      }
      if (why != null && pulls.remove(w)) {
        w.cancelled = why;
        w.call.cancel(why.getDescription(), null);
      }
    }
  }

  /** gRPC pulls under way whose bytes have started to come. */
  int pullsStarted() {
    return (int) pulls.stream().filter(w -> w.started).count();
  }

  /**
   * Runs the rest of a pull on a worker thread; if none is given (the executor refused), the pull
   * fails at once with the reason instead of never completing.
   */
  private void handOff(CompletableFuture<Pulled> result, Runnable rest) {
    try {
      executor.execute(rest);
    } catch (java.util.concurrent.RejectedExecutionException refused) {
      result.completeExceptionally(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "no worker thread took the pulled object from node "
                      + node.hex()
                      + ": "
                      + refused.getMessage())
              .withCause(refused)
              .asException());
    }
  }

  /** Fails every unanswered work with {@code why} and closes the channel. Idempotent. */
  public void lost(String why) {
    DispatchStream s;
    synchronized (this) {
      closed = true;
      s = stream;
      stream = null;
    }
    if (s != null) {
      s.dead = true; // before failAll: a send racing with it fails its own work
      s.failAll(why);
    }
    channel.shutdownNow();
  }

  @Override
  public void close() {
    lost("this node is stopping");
  }

  /** One Dispatch stream and the works sent on it that wait for an answer. */
  private final class DispatchStream
      implements io.grpc.stub.ClientResponseObserver<WorkBatch, WorkResultBatch> {
    final Map<Long, WorkCallback> pending = new ConcurrentHashMap<>();
    StreamObserver<WorkBatch> requests;
    volatile boolean dead;
    private volatile io.grpc.stub.ClientCallStreamObserver<WorkBatch> call;
    // works wait here, not in gRPC's buffers, while the node reads slower than we send
    final Batcher<Work> out =
        new Batcher<>(
            executor,
            Work::getSerializedSize,
            PeerServer.BATCH_BYTES,
            this::write,
            () -> {
              io.grpc.stub.ClientCallStreamObserver<WorkBatch> c = call;
              return c == null || c.isReady();
            });

    @Override
    public void beforeStart(io.grpc.stub.ClientCallStreamObserver<WorkBatch> requestStream) {
      call = requestStream;
      requestStream.setOnReadyHandler(out::resume);
    }

    private void write(List<Work> works) {
      try {
        synchronized (this) {
          requests.onNext(WorkBatch.newBuilder().addAllWorks(works).build());
        }
      } catch (RuntimeException e) {
        broken("cannot write to node " + node.hex() + ": " + e);
      }
    }

    @Override
    public void onNext(WorkResultBatch batch) {
      for (WorkResult r : batch.getResultsList()) {
        WorkCallback cb = pending.remove(r.getCallId());
        if (cb != null) {
          cb.done(r);
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      broken("the stream to node " + node.hex() + " broke: " + t.getMessage());
    }

    @Override
    public void onCompleted() {
      broken("node " + node.hex() + " closed the stream");
    }

    private void broken(String why) {
      dead = true;
      synchronized (PeerClient.this) {
        if (stream == this) {
          stream = null;
        }
      }
      failAll(why);
    }

    void failAll(String why) {
      for (Long id : List.copyOf(pending.keySet())) {
        WorkCallback cb = pending.remove(id);
        if (cb != null) {
          cb.lost(why);
        }
      }
    }
  }
}
