package io.stingray.raylet.actor;

import io.grpc.StatusRuntimeException;
import io.stingray.api.ActorHandle;
import io.stingray.api.ActorId;
import io.stingray.api.ActorLifetime;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayFunction;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.spi.Invocation;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.raylet.cluster.Placement;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.rpc.Wire;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.task.Dependencies;
import io.stingray.raylet.task.FunctionNames;
import io.stingray.raylet.task.TaskManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, finds, calls and kills the actors of this node, and keeps the GCS actor table (and
 * named-actor index) in step with their life cycle. Thread-safe.
 */
public final class ActorManager {
  private static final Logger LOG = LoggerFactory.getLogger(ActorManager.class);

  private final NodeId nodeId;
  private final GlobalControlStore gcs;
  private final ObjectTable table;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final TaskManager tasks;
  private final Executor executor;
  private final ConcurrentHashMap<ActorId, ActorHost> hosts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ActorId, RemoteActor> owned = new ConcurrentHashMap<>();

  /** Where actors owned by other nodes live, as last read from the GCS. */
  private final ConcurrentHashMap<ActorId, NodeId> locations = new ConcurrentHashMap<>();

  private final AtomicLong actorIds = new AtomicLong();
  private final Placement placement;
  private final WorkSender sender;
  private final Peers peers;
  private volatile boolean leaving;

  private final Relocations relocations; // calls waiting for their actor to come back

  /** How long a call to an actor whose node was lost waits for the actor to come back. */
  static final long RELOCATION_MILLIS = 30_000;

  public ActorManager(
      NodeId nodeId,
      GlobalControlStore gcs,
      ObjectTable table,
      ValueCodec codec,
      LocalScheduler scheduler,
      TaskManager tasks,
      Executor executor,
      Placement placement,
      WorkSender sender,
      Peers peers) {
    this.placement = placement;
    this.sender = sender;
    this.peers = peers;
    this.nodeId = nodeId;
    this.gcs = gcs;
    this.table = table;
    this.relocations = new Relocations(this::gcsRow, executor);
    gcs.actors()
        .onChange(
            id -> {
              if (relocations.waitsFor(id)) {
                try {
                  executor.execute(() -> relocations.check(id));
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                  // the heartbeat checks again within a second
                }
              }
            });
    this.codec = codec;
    this.scheduler = scheduler;
    this.tasks = tasks;
    this.executor = executor;
  }

  ObjectTable table() {
    return table;
  }

  ValueCodec codec() {
    return codec;
  }

  LocalScheduler scheduler() {
    return scheduler;
  }

  Executor executor() {
    return executor;
  }

  /** Creates an actor (see {@code ActorCreator.remote}). */
  <A> ActorHandle<A> create(Job job, Invocation constructor, ActorOptions options) {
    ResourceSet demand =
        tasks.placeDemand(
            ResourceSet.of(options.resources),
            options.placementGroup,
            options.bundleIndex,
            options.strategy,
            "actor " + FunctionNames.of(constructor.function()),
            job.name());
    NodeId target = nodeId;
    Placement p = placement;
    if (options.placementGroup != null) {
      NodeId where = tasks.bundleNode(options.placementGroup, options.bundleIndex);
      target = where != null ? where : nodeId; // not placed yet: waits here for its bundle
    } else if (p != null) {
      NodeId chosen = p.choose(demand, options.strategy, job.name(), Set.of(), null);
      target = chosen != null ? chosen : nodeId;
    }
    String namespace = options.namespace != null ? options.namespace : job.namespace();
    ActorId id = ActorId.of(nodeId.high(), actorIds.incrementAndGet());
    if (options.name != null) {
      Optional<ActorId> holder = gcs.actors().claimName(namespace, options.name, id);
      if (holder.isPresent()) {
        throw new IllegalArgumentException(
            "the actor name '"
                + options.name
                + "' is already taken in namespace '"
                + namespace
                + "' (by actor "
                + holder.get().hex()
                + ")");
      }
    }
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(constructor.args(), 0, job, keepAlive);
    String className = ActorHost.classNameOf(constructor.function());
    gcs.actors()
        .create(
            new ActorRecord(
                id,
                job.id(),
                className,
                options.name,
                namespace,
                ActorState.PENDING_CREATION,
                target,
                0,
                options.lifetime == ActorLifetime.DETACHED,
                null));
    if (target.equals(nodeId)) {
      hostLocally(
          new ActorHost(
              this, id, job, options, namespace, constructor.function(), args, keepAlive, demand),
          demand);
    } else {
      RemoteActor ra =
          new RemoteActor(
              id,
              job,
              constructor.function(),
              args,
              keepAlive,
              options,
              namespace,
              demand,
              className,
              target);
      owned.put(id, ra);
      placeRemote(ra, target);
    }
    return new ActorHandleImpl<>(id, this, job);
  }

  private void hostLocally(ActorHost host, ResourceSet demand) {
    hosts.put(host.id, host);
    Dependencies.whenReady(
        table,
        host.constructorArgs(),
        error -> {
          if (error != null) {
            host.die(
                new RayActorException(
                    "an argument of the constructor of " + host.className + " failed: " + error,
                    error));
          } else {
            scheduler.submit(host.creationWork(demand, true), false);
          }
        });
  }

  /**
   * Asks a node to host an actor this node owns; if it refuses or cannot be reached, tries the
   * others and finally this node, else records the actor dead.
   */
  private void placeRemote(RemoteActor ra, NodeId first) {
    Set<NodeId> tried = new HashSet<>();
    NodeId target = first;
    while (target != null && !target.equals(nodeId)) {
      try {
        ra.node = target;
        peers.to(target).createActor(createRequest(ra));
        return;
      } catch (StatusRuntimeException | IllegalStateException e) {
        LOG.warn(
            "node {} did not take actor {} ({}): {}; trying another",
            target.hex(),
            ra.className,
            ra.id.hex(),
            e.getMessage());
        tried.add(target);
        target = placement.choose(ra.demand, ra.options.strategy, ra.job.name(), tried, null);
      }
    }
    owned.remove(ra.id);
    if (target != null && scheduler.feasible(ra.demand)) {
      ActorHost host =
          new ActorHost(
              this,
              ra.id,
              ra.job,
              ra.options,
              ra.namespace,
              ra.constructor,
              ra.args,
              ra.keepAlive,
              ra.demand);
      host.restartedBefore(ra.restarts);
      hostLocally(host, ra.demand);
    } else {
      recordDead(ra.id, "no node could host it");
    }
  }

  private CreateActorRequest createRequest(RemoteActor ra) {
    CreateActorRequest.Builder b =
        CreateActorRequest.newBuilder()
            .setJob(ra.job.name())
            .setNamespace(ra.job.namespace())
            .setActorId(Wire.id(ra.id))
            .setFunction(sender.function(ra.job, ra.constructor))
            .putAllResources(ra.demand.toMap())
            .setName(ra.options.name == null ? "" : ra.options.name)
            .setActorNamespace(ra.namespace)
            .setMaxRestarts(ra.options.maxRestarts)
            .setMaxTaskRetries(ra.options.maxTaskRetries)
            .setMaxConcurrency(ra.options.maxConcurrency)
            .setMaxPendingCalls(ra.options.maxPendingCalls)
            .setDetached(ra.options.lifetime == ActorLifetime.DETACHED)
            .setRestarts(ra.restarts);
    for (Object a : ra.args) {
      b.addArgs(WorkSender.arg(ra.job, a));
    }
    return b.build();
  }

  /**
   * Hosts an actor another node created here (its arguments prepared there).
   *
   * @throws IllegalArgumentException for options out of range
   */
  public void hostHere(Job job, RayFunction constructor, Object[] args, CreateActorRequest r) {
    ActorId id = Wire.actorId(r.getActorId());
    ActorOptions options = new ActorOptions();
    options.name(r.getName().isEmpty() ? null : r.getName());
    options.namespace = r.getActorNamespace();
    r.getResourcesMap().forEach(options::resource);
    options.maxRestarts = ActorOptions.atLeastMinusOne("maxRestarts", r.getMaxRestarts());
    options.maxTaskRetries = ActorOptions.atLeastMinusOne("maxTaskRetries", r.getMaxTaskRetries());
    options.maxConcurrency(r.getMaxConcurrency());
    options.maxPendingCalls(r.getMaxPendingCalls());
    options.lifetime = r.getDetached() ? ActorLifetime.DETACHED : ActorLifetime.NON_DETACHED;
    ResourceSet demand = ResourceSet.of(options.resources);
    ActorHost host =
        new ActorHost(
            this,
            id,
            job,
            options,
            r.getActorNamespace(),
            constructor,
            args,
            new ArrayList<>(0),
            demand);
    host.restartedBefore(r.getRestarts());
    hostLocally(host, demand);
  }

  /** Submits a call (see {@code ActorTaskCaller.remote}). */
  <R> ObjectRef<R> call(ActorId id, Job job, Invocation invocation, int maxRetries) {
    ActorHost host = hosts.get(id);
    if (host == null) {
      return callRemote(id, job, invocation, maxRetries);
    }
    int limit = host.options.maxPendingCalls;
    if (limit > 0 && host.pendingCalls.incrementAndGet() > limit) {
      host.pendingCalls.decrementAndGet();
      throw new PendingCallsLimitExceededException(
          "actor "
              + host.className
              + " ("
              + id.hex()
              + ") has "
              + limit
              + " unfinished calls from this caller, its maxPendingCalls");
    } else if (limit <= 0) {
      host.pendingCalls.incrementAndGet();
    }
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(invocation.args(), 1, job, keepAlive); // 0: the actor
    int retries = maxRetries == Integer.MIN_VALUE ? host.options.maxTaskRetries : maxRetries;
    ActorCall call =
        new ActorCall(
            tasks.newTaskId(),
            table.newId(),
            invocation.function(),
            args,
            keepAlive,
            invocation.returnsVoid(),
            retries);
    table.create(call.returnId, call);
    ObjectRefImpl<R> ref = table.newRef(call.returnId, job.getter());
    host.enqueue(call);
    return ref;
  }

  /**
   * Runs a call another node sent to an actor hosted here.
   *
   * @throws RayActorException if the actor is not hosted here
   */
  public ObjectRef<Object> callHere(
      ActorId id, Job job, RayFunction method, Object[] args, boolean returnsVoid) {
    ActorHost host = hosts.get(id);
    if (host == null) {
      throw new RayActorException("actor " + id.hex() + " is not hosted on node " + nodeId.hex());
    }
    host.pendingCalls.incrementAndGet();
    ActorCall call =
        new ActorCall(
            tasks.newTaskId(),
            table.newId(),
            method,
            args,
            new ArrayList<>(0),
            returnsVoid,
            host.options.maxTaskRetries);
    table.create(call.returnId, call);
    ObjectRefImpl<Object> ref = table.newRef(call.returnId, job.getter());
    host.enqueue(call);
    return ref;
  }

  /** A call of an actor on another node: its result is owned here, completed by the answer. */
  private <R> ObjectRef<R> callRemote(ActorId id, Job job, Invocation invocation, int maxRetries) {
    RemoteActor owner = owned.get(id);
    NodeId known = owner != null ? owner.node : locations.get(id);
    ActorRecord record = known != null ? null : gcs.actors().get(id).orElse(null);
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(invocation.args(), 1, job, keepAlive);
    ObjectId returnId = table.newId();
    table.create(returnId, null);
    ObjectRefImpl<R> ref = table.newRef(returnId, job.getter());
    if (known == null
        && (record == null || record.state() == ActorState.DEAD || record.node() == null)) {
      table.complete(
          returnId,
          new ObjectValue.Failed(
              new RayActorException(
                  "actor "
                      + id.hex()
                      + (record == null
                          ? " is not known in the cluster"
                          : " cannot take calls: "
                              + (record.deathCause() == null
                                  ? "it is dead"
                                  : record.deathCause())))),
          List.of());
      return ref;
    }
    int retries;
    if (maxRetries != Integer.MIN_VALUE) {
      retries = maxRetries;
    } else {
      RemoteActor ra = owned.get(id);
      retries = ra != null ? ra.options.maxTaskRetries : 0;
    }
    RemoteCall rc =
        new RemoteCall(
            id,
            job,
            invocation.function(),
            args,
            keepAlive,
            invocation.returnsVoid(),
            returnId,
            retries);
    NodeId node = known != null ? known : record.node();
    if (known == null) {
      locations.put(id, node); // calls to it need not read the GCS until it moves
    }
    sendCall(rc, node);
    return ref;
  }

  /** One call to an actor on another node, until it has an answer. */
  private record RemoteCall(
      ActorId actor,
      Job job,
      RayFunction method,
      Object[] args,
      List<Object> keepAlive,
      boolean returnsVoid,
      ObjectId returnId,
      int retries) {
    RemoteCall retried() {
      return new RemoteCall(
          actor,
          job,
          method,
          args,
          keepAlive,
          returnsVoid,
          returnId,
          retries < 0 ? -1 : retries - 1);
    }
  }

  private NodeId location(ActorId id, ActorRecord record) {
    RemoteActor ra = owned.get(id);
    return ra != null ? ra.node : record.node();
  }

  private void sendCall(RemoteCall rc, NodeId node) {
    sender.sendActorCall(
        node,
        rc.job(),
        rc.actor(),
        rc.method(),
        rc.args(),
        rc.returnsVoid(),
        rc.returnId(),
        outcome -> {
          if (outcome instanceof WorkSender.Outcome.Done d) {
            if (d.value() instanceof ObjectValue.Failed f
                && f.error() instanceof RayActorException) {
              locations.remove(rc.actor()); // dead or moved: read the GCS next time
            }
            table.complete(rc.returnId(), d.value(), List.of());
          } else if (rc.retries() != 0) {
            locations.remove(rc.actor());
            resendWhenBack(rc.retried(), node);
          } else {
            locations.remove(rc.actor());
            fail(
                rc,
                "actor "
                    + rc.actor().hex()
                    + " was lost with node "
                    + node.hex()
                    + " during a call of "
                    + FunctionNames.of(rc.method())
                    + " (no retries left): "
                    + why(outcome));
          }
        });
  }

  /** Fails a call sent to another node's actor with {@link RayActorException}. */
  private void fail(RemoteCall rc, String message) {
    table.complete(
        rc.returnId(), new ObjectValue.Failed(new RayActorException(message)), List.of());
  }

  private static String why(WorkSender.Outcome o) {
    if (o instanceof WorkSender.Outcome.Lost l) {
      return l.why();
    }
    return o instanceof WorkSender.Outcome.Spillback s ? s.why() : String.valueOf(o);
  }

  /**
   * Sends a call again once its actor is alive on another node than the lost one (see {@link
   * Relocations}: no thread waits for it); fails it if the actor is dead or not back in time.
   */
  private void resendWhenBack(RemoteCall rc, NodeId lostNode) {
    relocations.add(
        rc.actor(),
        new Relocations.Attempt() {
          @Override
          public boolean tryNow(ActorRecord r) {
            if (r == null || r.state() == ActorState.DEAD) {
              giveUp();
              return true;
            }
            NodeId at = location(rc.actor(), r);
            if (r.state() != ActorState.ALIVE || at == null || at.equals(lostNode)) {
              return false;
            }
            ActorHost host = hosts.get(rc.actor());
            if (host != null) {
              ActorCall call =
                  new ActorCall(
                      tasks.newTaskId(),
                      rc.returnId(),
                      rc.method(),
                      rc.args(),
                      rc.keepAlive(),
                      rc.returnsVoid(),
                      rc.retries());
              host.pendingCalls.incrementAndGet();
              host.enqueue(call);
            } else {
              sendCall(rc, at);
            }
            return true;
          }

          @Override
          public void giveUp() {
            fail(
                rc,
                "actor "
                    + rc.actor().hex()
                    + " did not come back after node "
                    + lostNode.hex()
                    + " was lost");
          }
        },
        RELOCATION_MILLIS);
  }

  private ActorRecord gcsRow(ActorId id) {
    return gcs.actors().get(id).orElse(null);
  }

  /** Tries the calls waiting for their actor to come back (the heartbeat's safety net). */
  public void checkRelocations() {
    relocations.checkAll();
  }

  /**
   * Calls queued or running on an actor hosted on this node, or -1 if this node does not host it.
   * Thread-safe.
   */
  public int pendingCalls(ActorId id) {
    ActorHost host = hosts.get(id);
    return host == null ? -1 : host.pendingCalls.get();
  }

  /** Calls queued or running on each actor this node hosts. Thread-safe. */
  public Map<ActorId, Integer> pendingCallsHere() {
    Map<ActorId, Integer> m = new java.util.HashMap<>();
    hosts.forEach((id, h) -> m.put(id, h.pendingCalls.get()));
    return m;
  }

  /** Kills an actor, here or on its node; unknown ids are ignored. */
  public void kill(ActorId id, boolean noRestart) {
    ActorHost host = hosts.get(id);
    if (host != null) {
      host.kill(noRestart, noRestart ? "kill()" : "kill(noRestart=false)");
      return;
    }
    ActorRecord r = gcs.actors().get(id).orElse(null);
    if (r == null || r.state() == ActorState.DEAD) {
      return;
    }
    NodeId at = location(id, r);
    if (at == null || at.equals(nodeId)) {
      return;
    }
    try {
      peers.to(at).killActor(id, noRestart);
    } catch (RuntimeException e) {
      throw new RayActorException(
          "cannot reach node " + at.hex() + " to kill actor " + id.hex() + ": " + e.getMessage(),
          e);
    }
    if (noRestart) {
      owned.remove(id);
    }
  }

  /** A named actor that is not dead (here or on another node), as a handle for {@code job}. */
  public <A> Optional<ActorHandle<A>> find(Job job, String name, String namespace) {
    Optional<ActorId> id = gcs.actors().lookupName(namespace, name);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    ActorHost h = hosts.get(id.get());
    if (h != null) {
      return h.state() == ActorState.DEAD
          ? Optional.empty()
          : Optional.of(new ActorHandleImpl<>(h.id, this, job));
    }
    Optional<ActorRecord> r = gcs.actors().get(id.get());
    return r.isEmpty() || r.get().state() == ActorState.DEAD
        ? Optional.empty()
        : Optional.of(new ActorHandleImpl<>(id.get(), this, job));
  }

  /** A handle of a known actor for {@code job} (when a handle arrives inside an argument). */
  public <A> ActorHandle<A> handle(ActorId id, Job job) {
    return new ActorHandleImpl<>(id, this, job);
  }

  /**
   * A node left: actors this node owned there are created again elsewhere while their maxRestarts
   * allows (else recorded dead), and actors hosted here for an owner on that node die unless
   * detached (Ray's fate sharing).
   */
  public void nodeLost(NodeId node) {
    for (RemoteActor ra : List.copyOf(owned.values())) {
      if (!node.equals(ra.node)) {
        continue;
      }
      if (ra.mayRestart()) {
        ra.restarts++;
        LOG.info(
            "actor {} ({}) was lost with node {}: restarting it elsewhere ({} of {})",
            ra.className,
            ra.id.hex(),
            node.hex(),
            ra.restarts,
            ra.options.maxRestarts < 0 ? "unlimited" : ra.options.maxRestarts);
        updateRecord(ra.id, ActorState.RESTARTING, null, ra.restarts, null);
        NodeId target =
            placement.choose(ra.demand, ra.options.strategy, ra.job.name(), Set.of(node), null);
        executor.execute(() -> placeRemote(ra, target == null ? nodeId : target));
      } else {
        owned.remove(ra.id);
        recordDead(ra.id, "its node " + node.hex() + " was lost and it has no restarts left");
      }
    }
    for (ActorHost h : hosts.values()) {
      if (h.id.high() == node.high() && h.options.lifetime == ActorLifetime.NON_DETACHED) {
        h.kill(true, "its owner's node " + node.hex() + " was lost");
      }
    }
  }

  private void recordDead(ActorId id, String cause) {
    LOG.info("actor {} is dead: {}", id.hex(), cause);
    updateRecord(id, ActorState.DEAD, null, -1, cause);
  }

  private void updateRecord(ActorId id, ActorState state, NodeId node, int restarts, String cause) {
    try {
      gcs.actors()
          .get(id)
          .ifPresent(
              r ->
                  gcs.actors()
                      .update(
                          r.withState(
                              state,
                              node != null ? node : r.node(),
                              restarts >= 0 ? restarts : r.numRestarts(),
                              cause)));
    } catch (RuntimeException e) {
      LOG.warn("cannot record actor {} as {} in the GCS: {}", id.hex(), state, e.toString());
    }
  }

  /** Ends a job: its non-detached actors die, here and those it created on other nodes. */
  public void endJob(JobId job) {
    for (ActorHost h : hosts.values()) {
      if (h.job.id().equals(job) && h.options.lifetime == ActorLifetime.NON_DETACHED) {
        h.kill(true, "its job ended");
      }
    }
    for (RemoteActor ra : List.copyOf(owned.values())) {
      if (ra.job.id().equals(job) && ra.options.lifetime == ActorLifetime.NON_DETACHED) {
        owned.remove(ra.id);
        try {
          peers.to(ra.node).killActor(ra.id, true);
        } catch (RuntimeException e) {
          LOG.warn("cannot kill actor {} on node {}: {}", ra.id.hex(), ra.node.hex(), e.toString());
          recordDead(ra.id, "its job ended");
        }
      }
    }
  }

  /**
   * Kills every actor hosted here (the node stops). Actors owned by other nodes are not recorded
   * dead: their owners restart them elsewhere when this node has left.
   */
  public void shutdown() {
    leaving = true;
    for (ActorHost h : hosts.values()) {
      h.kill(true, "the node stopped");
    }
  }

  void recordState(ActorHost host, ActorState state, String cause) {
    if (leaving && host.id.high() != nodeId.high()) {
      return; // its owner decides, once this node has left
    }
    if (state == ActorState.DEAD) {
      LOG.info("actor {} ({}) is dead: {}", host.className, host.id.hex(), cause);
    }
    try {
      gcs.actors()
          .get(host.id)
          .ifPresent(r -> gcs.actors().update(r.withState(state, nodeId, host.restarts(), cause)));
    } catch (RuntimeException e) {
      LOG.warn("cannot record actor {} as {} in the GCS: {}", host.id.hex(), state, e.toString());
    }
  }
}
