package io.stingray.raylet.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.proto.Ack;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the raylet-to-raylet protocol ({@code raylet_peer.proto}): a gRPC server that
 * authenticates callers ({@link ClusterAuth}), bounds message sizes and hands requests to the
 * node's {@link PeerHandler}. Object pulls are sent chunk by chunk as the receiver is ready.
 *
 * <p>Over 400 lines because it is the whole server side of the peer protocol: every RPC's decoding,
 * bounds checks and hand-off to {@link HandlerExecutor}, and the streaming of pulls; it holds no
 * logic of what a request does ({@link PeerHandler} does).
 */
public final class PeerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerServer.class);

  /** The largest message either side accepts. */
  public static final int MAX_MESSAGE_BYTES = 8 << 20;

  /**
   * Bytes per data message of a pull: small enough that neither side allocates arrays the JVM
   * treats as humongous (G1 regions are 1–32 MiB), large enough to keep per-message costs low.
   */
  static final int WIRE_CHUNK = 256 << 10;

  /** The most bytes of works (or results) sent as one message. */
  static final int BATCH_BYTES = 1 << 20;

  /**
   * Bytes a Dispatch stream may have buffered in gRPC before it stops taking more (isReady false);
   * beyond that, works and results wait in their Batcher until the peer has read.
   */
  static final int READY_THRESHOLD = 4 << 20;

  /**
   * Stored results sent on a stream less than this before it ended are reported {@code
   * PeerHandler.unconfirmed}: a sender that gave this node up (say while it was paused) closed the
   * stream, and what this node wrote just before it noticed may never have been read.
   */
  static final long UNCONFIRMED_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Request handlers running at once on worker threads (see {@link HandlerExecutor}). */
  static final int HANDLERS = 16;

  /** Requests waiting for a handler thread before new ones are refused (RESOURCE_EXHAUSTED). */
  static final int MAX_QUEUED_REQUESTS = 10_000;

  /** Batches of one Dispatch stream waiting for their turn before new ones are refused. */
  static final int MAX_QUEUED_BATCHES = 1_000;

  /** Bytes in flight per stream before the receiver must ask for more (object pulls). */
  static final int FLOW_CONTROL_WINDOW = 8 << 20;

  private final Server server;
  private final Service service;
  // the server's own network threads, stopped (not merely asked to stop) when it closes: gRPC's
  // shared ones stop a second after their last user, and in an application server the adapter's
  // classes may be unloaded by then (WildFly logged NoClassDefFoundError from them at undeploy)
  private final io.grpc.netty.shaded.io.netty.channel.EventLoopGroup boss =
      new io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup(
          1,
          new io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory(
              "stingray-grpc-accept", true));
  private final io.grpc.netty.shaded.io.netty.channel.EventLoopGroup workers =
      new io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup(
          2,
          new io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory(
              "stingray-grpc-server", true));

  /**
   * Starts listening.
   *
   * @param port 0 for an ephemeral port
   * @param executor runs request handlers (the node's worker executor)
   * @param bulk the object port large objects are offered on, or null to send every object over
   *     gRPC
   * @param tls mutual TLS for every caller, or null for plain TCP
   * @throws UncheckedIOException if the port cannot be bound
   */
  public PeerServer(
      String bindAddress,
      int port,
      ClusterAuth auth,
      PeerHandler handler,
      Executor executor,
      BulkServer bulk,
      NodeTls tls) {
    this.service =
        new Service(
            handler, executor, new HandlerExecutor(executor, HANDLERS, MAX_QUEUED_REQUESTS), bulk);
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port));
      if (tls != null) {
        builder.sslContext(tls.grpcServer());
      }
      this.server =
          builder
              .bossEventLoopGroup(boss)
              .workerEventLoopGroup(workers)
              .channelType(
                  io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel.class)
              // transport threads only parse and hand on: handlers run on HandlerExecutor
              .directExecutor()
              .maxInboundMessageSize(MAX_MESSAGE_BYTES)
              .flowControlWindow(FLOW_CONTROL_WINDOW)
              .permitKeepAliveTime(5, TimeUnit.SECONDS)
              .intercept(auth)
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      PeerIo.stop(boss);
      PeerIo.stop(workers);
      throw new UncheckedIOException(
          "cannot listen for other nodes on " + bindAddress + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Dispatch streams from other nodes now open (for tests). */
  int dispatchStreams() {
    return service.dispatchStreams.get();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PeerIo.stop(boss);
    PeerIo.stop(workers);
  }

  /** The generated service's methods, mapped onto the handler. */
  private static final class Service extends RayletPeerGrpc.RayletPeerImplBase {
    private final java.util.concurrent.atomic.AtomicInteger dispatchStreams =
        new java.util.concurrent.atomic.AtomicInteger();
    private final PeerHandler handler;
    private final Executor executor;
    private final HandlerExecutor handlers;
    private final Executor bundlePhases;
    private final BulkServer bulk;

    Service(PeerHandler handler, Executor executor, HandlerExecutor handlers, BulkServer bulk) {
      this.handler = handler;
      this.executor = executor;
      this.handlers = handlers;
      this.bundlePhases = handlers.serial(MAX_QUEUED_REQUESTS);
      this.bulk = bulk;
    }

    @Override
    public StreamObserver<WorkBatch> dispatch(StreamObserver<WorkResultBatch> observer) {
      ServerCallStreamObserver<WorkResultBatch> out =
          (ServerCallStreamObserver<WorkResultBatch>) observer;
      out.setOnReadyThreshold(READY_THRESHOLD);
      dispatchStreams.incrementAndGet();
      java.util.concurrent.atomic.AtomicBoolean ended =
          new java.util.concurrent.atomic.AtomicBoolean();
      // stored results sent lately (guarded by out): if the stream ends soon after, the sender
      // may not have read them
      java.util.ArrayDeque<Sent> recent = new java.util.ArrayDeque<>();
      Batcher<WorkResult> results =
          new Batcher<>(
              executor,
              WorkResult::getSerializedSize,
              BATCH_BYTES,
              batch -> {
                synchronized (out) {
                  if (ended.get() || out.isCancelled()) {
                    // the sender gave this stream up: it will never pull or free these results
                    handler.undelivered(batch);
                    return;
                  }
                  try {
                    out.onNext(WorkResultBatch.newBuilder().addAllResults(batch).build());
                    remember(recent, batch, System.nanoTime());
                  } catch (RuntimeException closed) {
                    LOG.debug("results not sent: {}", closed.toString());
                    handler.undelivered(batch);
                  }
                }
              },
              // results wait here while the peer reads slowly; once it is gone they drain to
              // undelivered
              () -> out.isReady() || out.isCancelled() || ended.get());
      Runnable end =
          () -> {
            if (ended.compareAndSet(false, true)) {
              dispatchStreams.decrementAndGet();
              results.resume(); // what waited for the peer to read goes nowhere now
              List<WorkResult> unread;
              synchronized (out) {
                unread = recentSince(recent, System.nanoTime() - UNCONFIRMED_WINDOW_NANOS);
                recent.clear();
              }
              if (!unread.isEmpty()) {
                handler.unconfirmed(unread);
              }
            }
          };
      out.setOnCancelHandler(end); // only allowed before this method returns
      out.setOnReadyHandler(results::resume); // only allowed before this method returns
      // works of one stream start in the order sent
      Executor inOrder = handlers.serial(MAX_QUEUED_BATCHES);
      return new StreamObserver<>() {
        @Override
        public void onNext(WorkBatch batch) {
          if (ended.get()) {
            return; // refused already (or gone): no more work from this stream
          }
          String claimed = claimedOtherThanCaller(batch);
          if (claimed != null) {
            synchronized (out) {
              out.onError(
                  Status.PERMISSION_DENIED
                      .withDescription(
                          "work claims to come from node "
                              + claimed
                              + ", but the caller proved to be node "
                              + ClusterAuth.SENDER.get())
                      .asRuntimeException());
            }
            end.run(); // the stream is closed: what its results wait for goes nowhere
            return;
          }
          try {
            inOrder.execute(
                () -> {
                  for (Work work : batch.getWorksList()) {
                    run(work, results);
                  }
                });
          } catch (java.util.concurrent.RejectedExecutionException busy) {
            for (Work work : batch.getWorksList()) {
              results.add(tooBusy(work, busy));
            }
          }
        }

        @Override
        public void onError(Throwable t) {
          LOG.debug("dispatch stream from a peer broke: {}", t.toString());
          end.run();
        }

        @Override
        public void onCompleted() {
          synchronized (out) {
            out.onCompleted();
          }
          end.run();
        }
      };
    }

    /** A stored result sent at {@code nanos}. */
    private record Sent(long nanos, WorkResult result) {}

    /** Notes the stored results of a batch just sent, forgetting those sent over a window ago. */
    private static void remember(
        java.util.ArrayDeque<Sent> recent, List<WorkResult> batch, long now) {
      for (WorkResult r : batch) {
        if (r.hasStoredId()
            && !r.getHoldsRefs()) { // one holding refs lives with the sender's entry
          // only what names it: the value of an inline result holding refs is not kept here
          recent.addLast(
              new Sent(
                  now,
                  WorkResult.newBuilder()
                      .setCallId(r.getCallId())
                      .setStoredId(r.getStoredId())
                      .build()));
        }
      }
      while (!recent.isEmpty() && recent.peekFirst().nanos() < now - UNCONFIRMED_WINDOW_NANOS) {
        recent.removeFirst();
      }
    }

    private static List<WorkResult> recentSince(java.util.ArrayDeque<Sent> recent, long since) {
      List<WorkResult> out = new java.util.ArrayList<>();
      for (Sent s : recent) {
        if (s.nanos() >= since) {
          out.add(s.result());
        }
      }
      return out;
    }

    /**
     * The answer to work this node has no thread for: a task goes back to be placed elsewhere; an
     * actor call fails (its actor lives here, and calls must not overtake each other).
     */
    private static WorkResult tooBusy(
        Work work, java.util.concurrent.RejectedExecutionException busy) {
      String why = "node too busy to take work: " + busy.getMessage();
      WorkResult.Builder r = WorkResult.newBuilder().setCallId(work.getCallId());
      if (work.getActorId().isEmpty()) {
        return r.setSpillback(why).build();
      }
      return r.setFailure(
              Wire.failure(new io.stingray.api.exception.RayActorException("the " + why), null))
          .build();
    }

    private void run(Work work, Batcher<WorkResult> results) {
      try {
        handler.run(work, results::add);
      } catch (StatusRuntimeException e) {
        results.add(
            WorkResult.newBuilder()
                .setCallId(work.getCallId())
                .setFailure(
                    Wire.failure(
                        new IllegalArgumentException(
                            "malformed work: " + e.getStatus().getDescription()),
                        null))
                .build());
      }
    }

    /**
     * With TLS, the sender a work names must be the caller its certificate proved: the first one
     * that is not, else null.
     */
    private String claimedOtherThanCaller(WorkBatch batch) {
      String caller = ClusterAuth.SENDER.get();
      if (caller == null) {
        return null;
      }
      for (Work w : batch.getWorksList()) {
        if (!w.getSender().isEmpty()) {
          String claimed = Wire.id(w.getSender(), io.stingray.api.NodeId::of, "sender").hex();
          if (!claimed.equals(caller)) {
            return claimed;
          }
        }
      }
      return null;
    }

    @Override
    public void createActor(CreateActorRequest request, StreamObserver<Ack> out) {
      offLoop(out, () -> unary(out, () -> handler.createActor(request)));
    }

    @Override
    public void killActor(KillActorRequest request, StreamObserver<Ack> out) {
      offLoop(
          out,
          () ->
              unary(
                  out,
                  () ->
                      handler.killActor(
                          Wire.actorId(request.getActorId()), request.getNoRestart())));
    }

    // FreeObjects and UpdateBorrowers stay on the transport thread: they only drop or take
    // handles (no I/O, no waiting), and one borrower's updates must be applied in the order sent
    @Override
    public void freeObjects(FreeRequest request, StreamObserver<Ack> out) {
      unary(out, () -> handler.free(ids(request.getObjectIdsList())));
    }

    @Override
    public void updateBorrowers(BorrowerUpdate request, StreamObserver<Ack> out) {
      String caller = ClusterAuth.SENDER.get();
      if (caller != null
          && !caller.equals(
              Wire.id(request.getBorrower(), io.stingray.api.NodeId::of, "the borrower").hex())) {
        out.onError(
            Status.PERMISSION_DENIED
                .withDescription(
                    "node " + caller + " cannot borrow or release objects in another node's name")
                .asRuntimeException());
        return;
      }
      unary(
          out,
          () ->
              handler.borrowers(
                  Wire.id(request.getBorrower(), io.stingray.api.NodeId::of, "the borrower"),
                  ids(request.getAddList()),
                  ids(request.getRemoveList())));
    }

    @Override
    public void bundles(BundlesRequest request, StreamObserver<Ack> out) {
      // in arrival order: a CANCEL sent after a PREPARE whose answer was lost must come after it
      try {
        bundlePhases.execute(() -> bundlesHere(request, out));
      } catch (java.util.concurrent.RejectedExecutionException busy) {
        out.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription("this node is too busy to answer: " + busy.getMessage())
                .asRuntimeException());
      }
    }

    private void bundlesHere(BundlesRequest request, StreamObserver<Ack> out) {
      unary(
          out,
          () -> {
            java.util.Map<Integer, java.util.Map<String, Double>> bundles =
                new java.util.TreeMap<>();
            request.getBundlesMap().forEach((i, b) -> bundles.put(i, b.getResourcesMap()));
            PeerHandler.BundlePhase phase =
                switch (request.getPhase()) {
                  case PREPARE -> PeerHandler.BundlePhase.PREPARE;
                  case COMMIT -> PeerHandler.BundlePhase.COMMIT;
                  case CANCEL -> PeerHandler.BundlePhase.CANCEL;
                  default ->
                      throw Status.INVALID_ARGUMENT
                          .withDescription("unknown phase " + request.getPhaseValue())
                          .asRuntimeException();
                };
            if (!handler.bundles(
                phase,
                Wire.id(request.getGroupId(), io.stingray.api.PlacementGroupId::of, "a group id"),
                bundles)) {
              throw Status.FAILED_PRECONDITION
                  .withDescription("the bundles' resources are not free on this node now")
                  .asRuntimeException();
            }
          });
    }

    @Override
    public void listTasks(
        io.stingray.raylet.rpc.proto.ListTasksRequest request,
        StreamObserver<io.stingray.raylet.rpc.proto.ListTasksReply> out) {
      offLoop(
          out, () -> reply(out, () -> handler.recentTasks(request.getLimit(), request.getState())));
    }

    @Override
    public void cancelTask(
        io.stingray.raylet.rpc.proto.CancelTaskRequest request,
        StreamObserver<io.stingray.raylet.rpc.proto.CancelTaskReply> out) {
      offLoop(
          out,
          () ->
              reply(
                  out,
                  () ->
                      io.stingray.raylet.rpc.proto.CancelTaskReply.newBuilder()
                          .setFound(handler.cancelTask(request.getTaskId(), request.getForce()))
                          .build()));
    }

    /**
     * Runs a handler on a worker thread, unless the caller gave up meanwhile (its deadline passed
     * while the request waited: it may have gone elsewhere); if no thread will take it, the call
     * ends RESOURCE_EXHAUSTED.
     */
    private void offLoop(StreamObserver<?> out, Runnable handle) {
      try {
        handlers.execute(
            () -> {
              if (out instanceof ServerCallStreamObserver<?> call && call.isCancelled()) {
                LOG.debug("a request was dropped: its caller gave up while it waited");
                return;
              }
              handle.run();
            });
      } catch (java.util.concurrent.RejectedExecutionException busy) {
        out.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription("this node is too busy to answer: " + busy.getMessage())
                .asRuntimeException());
      }
    }

    private static <T> void reply(StreamObserver<T> out, java.util.function.Supplier<T> body) {
      T answer;
      try {
        answer = body.get();
      } catch (StatusRuntimeException e) {
        out.onError(e);
        return;
      } catch (RuntimeException e) {
        out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        return;
      }
      out.onNext(answer);
      out.onCompleted();
    }

    private static List<ObjectId> ids(List<ByteString> given) {
      List<ObjectId> ids = new ArrayList<>(given.size());
      for (ByteString b : given) {
        ids.add(Wire.objectId(b));
      }
      return ids;
    }

    private static void unary(StreamObserver<Ack> out, Runnable body) {
      reply(
          out,
          () -> {
            body.run();
            return Ack.getDefaultInstance();
          });
    }

    @Override
    public void pullObject(PullRequest request, StreamObserver<ObjectChunk> observer) {
      ServerCallStreamObserver<ObjectChunk> out = (ServerCallStreamObserver<ObjectChunk>) observer;
      ObjectId id;
      try {
        id = Wire.objectId(request.getObjectId());
      } catch (StatusRuntimeException e) {
        out.onError(e);
        return;
      }
      ChunkSender sender = new ChunkSender(out);
      // only allowed before this method returns; reading chunks may restore from spill: not here
      out.setOnReadyHandler(
          () -> {
            try {
              handlers.execute(sender);
            } catch (java.util.concurrent.RejectedExecutionException busy) {
              // not now: the puller's progress deadline ends a pull that stays stalled
              LOG.debug("pull stream paused: {}", busy.getMessage());
            }
          });
      offLoop(
          out,
          () -> {
            var held = handler.object(id, request.getJob());
            if (held == null) {
              out.onError(
                  Status.NOT_FOUND
                      .withDescription("object " + id.hex() + " is not held on this node")
                      .asRuntimeException());
              return;
            }
            held.whenCompleteAsync( // reading the bytes is copying: not on the network thread
                (h, error) -> {
                  if (error != null) {
                    out.onError(
                        Status.INTERNAL.withDescription(error.toString()).asRuntimeException());
                  } else if (request.getBulk()
                      && bulk != null
                      && h.failure() == null
                      && h.size() >= BulkServer.MIN_BYTES) {
                    offer(out, h, bulk);
                  } else {
                    sender.send(h);
                  }
                },
                executor);
          });
    }
  }

  /** Answers a pull with a ticket for the object port instead of the bytes. */
  private static void offer(
      ServerCallStreamObserver<ObjectChunk> out, PeerHandler.Held h, BulkServer bulk) {
    try {
      out.onNext(
          ObjectChunk.newBuilder()
              .setHeader(
                  ObjectChunk.Header.newBuilder()
                      .setSize(h.size())
                      .setChecksum(h.checksum())
                      .setBulkPort(bulk.port())
                      .setBulkTicket(ByteString.copyFrom(bulk.offer(h))))
              .build());
      out.onCompleted();
    } catch (RuntimeException e) {
      LOG.debug("pull stream ended early: {}", e.toString());
    }
  }

  /** Sends a held object's chunks only while the receiver's flow-control window has room. */
  private static final class ChunkSender implements Runnable {
    private final ServerCallStreamObserver<ObjectChunk> out;
    private PeerHandler.Held held;
    private int next = -1; // -1: the header is next
    private byte[] chunk; // chunk next, once read
    private int offset; // within chunk next
    private boolean done;

    ChunkSender(ServerCallStreamObserver<ObjectChunk> out) {
      this.out = out;
    }

    synchronized void send(PeerHandler.Held h) {
      held = h;
      run();
    }

    @Override
    public synchronized void run() {
      if (held == null) {
        return;
      }
      try {
        while (!done && out.isReady()) {
          if (next < 0) {
            ObjectChunk.Header.Builder h =
                ObjectChunk.Header.newBuilder().setSize(held.size()).setChecksum(held.checksum());
            if (held.failure() != null) {
              h.setFailure(held.failure());
            }
            out.onNext(ObjectChunk.newBuilder().setHeader(h).build());
            next = 0;
          } else if (next < held.count()) {
            if (chunk == null) {
              chunk = held.chunk().apply(next); // read as the stream takes it: no whole copy
              if (chunk == null) {
                done = true;
                out.onError(
                    Status.NOT_FOUND
                        .withDescription("the object left this node while it was sent")
                        .asRuntimeException());
                return;
              }
            }
            int len = Math.min(WIRE_CHUNK, chunk.length - offset);
            // wrapped, not copied: a held object's chunks are never written again
            out.onNext(
                ObjectChunk.newBuilder()
                    .setData(UnsafeByteOperations.unsafeWrap(chunk, offset, len))
                    .build());
            offset += len;
            if (offset >= chunk.length) {
              next++;
              offset = 0;
              chunk = null;
            }
          } else {
            done = true;
            out.onCompleted();
          }
        }
      } catch (RuntimeException e) {
        done = true;
        LOG.debug("pull stream ended early: {}", e.toString());
        try {
          out.onError( // e.g. the object came back damaged from the spill file
              Status.DATA_LOSS
                  .withDescription(String.valueOf(e.getMessage()))
                  .asRuntimeException());
        } catch (RuntimeException closed) {
          // the stream was closed already: nothing to tell
        }
      }
    }
  }
}
