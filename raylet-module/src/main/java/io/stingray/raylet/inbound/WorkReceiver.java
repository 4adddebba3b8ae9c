package io.stingray.raylet.inbound;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayFunction;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.raylet.actor.ActorManager;
import io.stingray.raylet.admin.ClusterTasks;
import io.stingray.raylet.cluster.Borrowers;
import io.stingray.raylet.cluster.Loans;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.BorrowLog;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.rpc.PeerHandler;
import io.stingray.raylet.rpc.Wire;
import io.stingray.raylet.rpc.proto.Arg;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkResult;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.serialization.ChunkedBytes;
import io.stingray.raylet.serialization.ObjectSerializer;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The receiving side of remote work ({@link PeerHandler}): runs tasks and actor calls other nodes
 * send, hosts actors they place here, serves objects they pull, and keeps large results (and refs
 * inside results) for their senders until released. Thread-safe.
 */
public final class WorkReceiver implements PeerHandler {
  private final java.util.concurrent.atomic.AtomicLong pullsServed =
      new java.util.concurrent.atomic.AtomicLong();
  private final NodeId self;
  private final BiFunction<String, String, Job> jobs;
  private final TaskSubmitter tasks;
  private final ActorManager actors;
  private final ObjectTable table;
  private final ObjectStore store;
  private final LocalScheduler scheduler;
  private final ObjectSerializer plain;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkReceiver.class);
  private final KeptResults kept = new KeptResults();
  private final Borrowers borrowers;
  private final Loans loans;
  private final io.stingray.raylet.placement.PlacementGroups placementGroups;
  private volatile boolean stopping;
  // tasks other nodes sent, by their id on the sender, while they run here (for CancelTask)
  private final Map<String, ObjectRef<?>> received = new ConcurrentHashMap<>();

  /**
   * @param jobs the job of a name here (namespace given for one made on demand), or null if the job
   *     cannot run here
   * @param plain writes values held as plain JDK values for a pull
   */
  public WorkReceiver(
      NodeId self,
      BiFunction<String, String, Job> jobs,
      TaskSubmitter tasks,
      ActorManager actors,
      ObjectTable table,
      ObjectStore store,
      LocalScheduler scheduler,
      ObjectSerializer plain,
      Borrowers borrowers,
      Loans loans,
      io.stingray.raylet.placement.PlacementGroups placementGroups) {
    this.borrowers = borrowers;
    this.loans = loans;
    this.placementGroups = placementGroups;
    this.self = self;
    this.jobs = jobs;
    this.tasks = tasks;
    this.actors = actors;
    this.table = table;
    this.store = store;
    this.scheduler = scheduler;
    this.plain = plain;
  }

  @Override
  public void run(Work w, Consumer<WorkResult> reply) {
    long callId = w.getCallId();
    if (stopping) {
      reply.accept(
          WorkResult.newBuilder()
              .setCallId(callId)
              .setSpillback("node " + self.hex() + " is stopping")
              .build());
      return;
    }
    NodeId sender = w.getSender().isEmpty() ? null : Wire.id(w.getSender(), NodeId::of, "sender");
    Job job = jobs.apply(w.getJob(), w.getNamespace());
    if (job == null) {
      reply.accept(
          WorkResult.newBuilder()
              .setCallId(callId)
              .setSpillback("job '" + w.getJob() + "' is not deployed on node " + self.hex())
              .build());
      return;
    }
    ObjectRef<?> ref;
    BorrowLog log = new BorrowLog();
    try {
      RayFunction f = function(job, w.getFunction());
      if (w.getActorId().isEmpty()) {
        ResourceSet demand = demand(w.getResourcesMap());
        if (!scheduler.feasible(demand)) {
          reply.accept(
              WorkResult.newBuilder()
                  .setCallId(callId)
                  .setSpillback("node " + self.hex() + " cannot satisfy " + demand)
                  .build());
          return;
        }
        ref =
            tasks.submitHere(
                job,
                f,
                args(job, w.getArgsList(), 0),
                demand,
                w.getName().isEmpty() ? null : w.getName(),
                w.getReturnsVoid(),
                w.getMaxRetries(),
                w.getRetryExceptions(),
                log);
      } else {
        ref =
            actors.callHere(
                Wire.actorId(w.getActorId()),
                job,
                f,
                args(job, w.getArgsList(), 1),
                w.getReturnsVoid(),
                log);
      }
    } catch (RuntimeException e) {
      reply.accept(
          WorkResult.newBuilder().setCallId(callId).setFailure(Wire.failure(e, job)).build());
      return;
    }
    String ownerTaskId = w.getTaskId();
    if (!ownerTaskId.isEmpty()) {
      received.put(ownerTaskId, ref);
    }
    table
        .futureOf(ref)
        .whenComplete(
            (v, e) -> {
              if (!ownerTaskId.isEmpty()) {
                received.remove(ownerTaskId);
              }
              if (stopping) {
                return; // the sender sees the stream break and places the work again
              }
              WorkResult r = result(callId, ref, v, job, sender);
              // answered once the owners know of refs this work borrowed (its arguments, refs
              // inside them, refs it read), so that none is freed meanwhile; other borrowings of
              // this node, from owners this work never touched, are not waited for
              java.util.Set<ObjectId> ids = borrowed(w, log);
              ObjectTable.Entry made = table.entry(ref.id());
              if (made != null) {
                ids.addAll(made.containedIds()); // refs its result keeps (from an actor's state)
              }
              borrowers.acknowledged(ids).thenRun(() -> reply.accept(r));
            });
  }

  /** The other nodes' objects a work borrowed here: its ref arguments and what its log noted. */
  private static java.util.Set<ObjectId> borrowed(Work w, BorrowLog log) {
    java.util.Set<ObjectId> ids = new java.util.HashSet<>(log.ids());
    for (Arg a : w.getArgsList()) {
      if (a.hasRef()) {
        ids.add(Wire.objectId(a.getRef()));
      }
    }
    return ids;
  }

  private WorkResult result(long callId, ObjectRef<?> ref, ObjectValue v, Job job, NodeId sender) {
    WorkResult.Builder r = WorkResult.newBuilder().setCallId(callId);
    ObjectTable.Entry entry = table.entry(ref.id());
    boolean keep = entry != null && entry.holdsRefs();
    if (v instanceof ObjectValue.Direct d) {
      r.setValue(ByteString.copyFrom(plain.serialize(d.value()).bytes().toByteArray()));
    } else if (v instanceof ObjectValue.Inline i) {
      r.setValue(ByteString.copyFrom(i.bytes()));
    } else if (v instanceof ObjectValue.Stored s) {
      r.setStoredSize(s.size());
      keep = true;
    } else {
      r.setFailure(Wire.failure(((ObjectValue.Failed) v).error(), job));
      keep = false;
    }
    if (keep && sender != null) {
      kept.keep(ref.id(), ref, sender, entry != null && entry.holdsRefs());
      r.setStoredId(Wire.id(ref.id())).setHoldsRefs(entry != null && entry.holdsRefs());
    }
    return r.build();
  }

  private final FunctionCache stateless = new FunctionCache();

  private RayFunction function(Job job, ByteString bytes) {
    return stateless.get(
        job,
        bytes.toByteArray(),
        b -> readFunction(job, b),
        f -> WorkSender.hasNoState(f.getClass()));
  }

  private static RayFunction readFunction(Job job, byte[] bytes) {
    Object f = job.serializer().deserialize(bytes);
    if (!(f instanceof RayFunction rf)) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "the work's function is a " + (f == null ? "null" : f.getClass().getName()))
          .asRuntimeException();
    }
    return rf;
  }

  private static ResourceSet demand(Map<String, Double> resources) {
    try {
      resources.forEach(ResourceSet::checkEntry);
      return ResourceSet.of(resources);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  /** Prepared arguments from messages; slots before {@code from} stay null (the actor itself). */
  private Object[] args(Job job, List<Arg> given, int from) {
    Object[] out = new Object[given.size() + from];
    for (int i = 0; i < given.size(); i++) {
      Arg a = given.get(i);
      out[i + from] =
          switch (a.getKindCase()) {
            case VALUE -> new ValueCodec.SerializedArg(a.getValue().toByteArray());
            case REF -> table.newRef(Wire.objectId(a.getRef()), job.getter());
            default ->
                throw Status.INVALID_ARGUMENT
                    .withDescription("argument " + i + " has neither a value nor a ref")
                    .asRuntimeException();
          };
    }
    return out;
  }

  @Override
  public void createActor(CreateActorRequest r) {
    Job job = jobs.apply(r.getJob(), r.getNamespace());
    if (job == null) {
      throw Status.FAILED_PRECONDITION
          .withDescription("job '" + r.getJob() + "' is not deployed on node " + self.hex())
          .asRuntimeException();
    }
    RayFunction f = function(job, r.getFunction());
    demand(r.getResourcesMap());
    Object[] args = args(job, r.getArgsList(), 0);
    actors.hostHere(
        job,
        f,
        args,
        new WorkSender.ActorWork(
            job,
            Wire.actorId(r.getActorId()),
            f,
            args,
            r.getResourcesMap(),
            r.getName(),
            r.getActorNamespace(),
            r.getMaxRestarts(),
            r.getMaxTaskRetries(),
            r.getMaxConcurrency(),
            r.getMaxPendingCalls(),
            r.getDetached(),
            r.getRestarts()));
  }

  @Override
  public void killActor(ActorId id, boolean noRestart) {
    actors.killSent(id, noRestart);
  }

  @Override
  public CompletableFuture<Held> object(ObjectId id, String job) {
    ObjectTable.Entry e = table.entry(id);
    if (e == null) {
      return null;
    }
    pullsServed.incrementAndGet();
    kept.pulled(id);
    return e.future().thenApply(v -> held(id, v));
  }

  /** Pulls of other nodes this node answered with an object it holds, since it started. */
  public long pullsServed() {
    return pullsServed.get();
  }

  private Held held(ObjectId id, ObjectValue v) {
    if (v instanceof ObjectValue.Direct d) {
      ChunkedBytes b = plain.serialize(d.value()).bytes();
      return Held.of(b.chunks(), b.size());
    }
    if (v instanceof ObjectValue.Inline i) {
      return Held.of(List.of(i.bytes()), i.bytes().length);
    }
    if (v instanceof ObjectValue.Stored) {
      ObjectStore.Layout layout = store.layout(id);
      if (layout == null) {
        return Held.failed(
            Wire.failure(
                new ObjectLostException("object " + id.hex() + " left the store of " + self.hex()),
                null));
      }
      return new Held(
          layout.chunks(), i -> store.chunk(id, i), layout.size(), layout.checksum(), null);
    }
    return Held.failed(Wire.failure(((ObjectValue.Failed) v).error(), null));
  }

  @Override
  public void undelivered(List<WorkResult> results) {
    for (WorkResult r : results) {
      if (r.hasStoredId() && kept.undelivered(Wire.objectId(r.getStoredId()))) {
        LOG.debug("result {} dropped: its sender gave this node up", r.getCallId());
      }
    }
  }

  @Override
  public void unconfirmed(List<WorkResult> results) {
    List<ObjectId> ids = new java.util.ArrayList<>();
    for (WorkResult r : results) {
      if (r.hasStoredId()) {
        ids.add(Wire.objectId(r.getStoredId()));
      }
    }
    kept.unconfirmed(ids, System.nanoTime());
  }

  /**
   * Drops results whose answers may not have reached their senders and that no sender pulled within
   * a minute (called every heartbeat).
   */
  public void dropUnclaimed() {
    int n = kept.dropUnclaimed(System.nanoTime());
    if (n > 0) {
      LOG.info("{} results dropped: their senders gave this node up before reading them", n);
    }
  }

  @Override
  public void free(List<ObjectId> ids) {
    kept.free(ids);
  }

  @Override
  public io.stingray.raylet.rpc.proto.ListTasksReply recentTasks(int limit, String state) {
    return ClusterTasks.local(
        tasks.events(),
        actors.pendingCallsHere(),
        ClusterTasks.stats(store, scheduler),
        limit,
        state);
  }

  @Override
  public boolean cancelTask(String taskId, boolean force) {
    if (tasks.cancel(taskId, force)) {
      return true; // one this node owns
    }
    ObjectRef<?> running = received.get(taskId); // one its owner sent here
    if (running == null) {
      return false;
    }
    tasks.cancel(running, force, true);
    return true;
  }

  @Override
  public boolean bundles(
      PeerHandler.BundlePhase phase,
      io.stingray.api.PlacementGroupId group,
      Map<Integer, Map<String, Double>> bundles) {
    return placementGroups.reserveHere(
        io.stingray.raylet.placement.PlacementGroups.Phase.valueOf(phase.name()), group, bundles);
  }

  @Override
  public void borrowers(NodeId borrower, List<ObjectId> add, List<ObjectId> remove) {
    loans.update(borrower, add, remove);
  }

  /**
   * The node is stopping: new work is refused with a spillback, and work cut short by the stop is
   * not answered, so its senders retry it elsewhere.
   */
  public void stop() {
    stopping = true;
  }

  /** A job ended here: its functions are no longer cached (nor its class loader held). */
  public void jobEnded(Job job) {
    stateless.forget(job);
  }

  /** Drops what was kept for a node that left. */
  public void nodeLost(NodeId node) {
    kept.nodeLost(node);
  }
}
