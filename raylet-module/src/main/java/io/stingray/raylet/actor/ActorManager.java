package io.stingray.raylet.actor;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorId;
import io.stingray.api.ActorLifetime;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import io.stingray.api.spi.Invocation;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.task.Dependencies;
import io.stingray.raylet.task.TaskManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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

  public ActorManager(
      NodeId nodeId,
      GlobalControlStore gcs,
      ObjectTable table,
      ValueCodec codec,
      LocalScheduler scheduler,
      TaskManager tasks,
      Executor executor) {
    this.nodeId = nodeId;
    this.gcs = gcs;
    this.table = table;
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
            "actor " + io.stingray.raylet.task.FunctionNames.of(constructor.function()));
    String namespace = options.namespace != null ? options.namespace : job.namespace();
    ActorId id = ActorId.random();
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
    ActorHost host =
        new ActorHost(
            this, id, job, options, namespace, constructor.function(), args, keepAlive, demand);
    gcs.actors()
        .create(
            new ActorRecord(
                id,
                job.id(),
                host.className,
                options.name,
                namespace,
                ActorState.PENDING_CREATION,
                nodeId,
                0,
                options.lifetime == ActorLifetime.DETACHED,
                null));
    hosts.put(id, host);
    ResourceSet held = demand;
    Dependencies.whenReady(
        table,
        args,
        error -> {
          if (error != null) {
            host.die(
                new io.stingray.api.exception.RayActorException(
                    "an argument of the constructor of " + host.className + " failed: " + error,
                    error));
          } else {
            scheduler.submit(host.creationWork(held, true), false);
          }
        });
    return new ActorHandleImpl<>(id, this, job);
  }

  /** Submits a call (see {@code ActorTaskCaller.remote}). */
  <R> ObjectRef<R> call(ActorId id, Job job, Invocation invocation, int maxRetries) {
    ActorHost host = hosts.get(id);
    if (host == null) {
      throw new io.stingray.api.exception.RayActorException(
          "actor " + id.hex() + " is not known on this node");
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
    ObjectRefImpl<R> ref = table.newRef(call.returnId, job.context().getter());
    host.enqueue(call);
    return ref;
  }

  /** Kills an actor; unknown ids are ignored. */
  public void kill(ActorId id, boolean noRestart) {
    ActorHost host = hosts.get(id);
    if (host != null) {
      host.kill(noRestart, noRestart ? "kill()" : "kill(noRestart=false)");
    }
  }

  /**
   * A named actor that is not dead, as a handle for {@code job}.
   *
   * @throws io.stingray.api.exception.RayActorException if the actor lives on another node (calls
   *     across nodes are not built yet)
   */
  public <A> Optional<ActorHandle<A>> find(Job job, String name, String namespace) {
    Optional<ActorId> id = gcs.actors().lookupName(namespace, name);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    ActorHost h = hosts.get(id.get());
    if (h == null) {
      throw new io.stingray.api.exception.RayActorException(
          "actor '"
              + name
              + "' in namespace '"
              + namespace
              + "' lives on another node; calling actors across nodes is not supported yet");
    }
    return h.state() == ActorState.DEAD
        ? Optional.empty()
        : Optional.of(new ActorHandleImpl<>(h.id, this, job));
  }

  /** A handle of a known actor for {@code job} (when a handle arrives inside an argument). */
  public <A> ActorHandle<A> handle(ActorId id, Job job) {
    return new ActorHandleImpl<>(id, this, job);
  }

  /** Ends a job: its non-detached actors die. */
  public void endJob(JobId job) {
    for (ActorHost h : hosts.values()) {
      if (h.job.id().equals(job) && h.options.lifetime == ActorLifetime.NON_DETACHED) {
        h.kill(true, "its job ended");
      }
    }
  }

  /** Kills every actor (the node stops). */
  public void shutdown() {
    for (ActorHost h : hosts.values()) {
      h.kill(true, "the node stopped");
    }
  }

  void recordState(ActorHost host, ActorState state, String cause) {
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
