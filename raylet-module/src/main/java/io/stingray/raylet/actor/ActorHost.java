package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.RayFunction;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.exception.RayTaskException;
import io.stingray.gcs.ActorState;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.task.FunctionNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One actor living on this node: its instance, its mailbox of calls (run in submission order, at
 * most {@code maxConcurrency} at once), and its life cycle {@code PENDING_CREATION → ALIVE ⇄
 * RESTARTING → DEAD}. A kill bumps a generation number so that results of calls that were running
 * on the old instance are dropped. Thread-safe: the instance's monitor guards the state.
 *
 * <p>Over 400 lines because an actor's mailbox, its concurrency, its life cycle (create, restart,
 * exit, kill) and its calls' retries share one lock and must change together.
 */
final class ActorHost implements WorkerContext.ActorSlot {
  /** In the message of a call refused (not run) because the actor is dead. */
  static final String REFUSED = " cannot take calls: ";

  /**
   * Whether {@code message} is this actor's own refusal of a call (not, say, a failed argument's
   * message that quotes another actor's).
   */
  static boolean refusedBy(ActorId actor, String message) {
    return message != null && message.contains("(" + actor.hex() + ")" + REFUSED);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ActorHost.class);
  final ActorId id;
  final Job job;
  final ActorOptions options;
  final String namespace;
  final String className;
  final ResourceSet demand;
  final AtomicInteger pendingCalls = new AtomicInteger();
  private final ActorManager manager;
  private final RayFunction constructor;
  private Object[] constructorArgs;
  private List<Object> constructorKeepAlive;

  private final ArrayDeque<ActorCall> mailbox = new ArrayDeque<>();
  private final Set<ActorCall> inFlight = new HashSet<>();
  private ActorState state = ActorState.PENDING_CREATION;
  private Object instance;
  private int restarts;
  private int generation;
  // calls running on each instance, and the dropped instances that end once they returned
  private final java.util.Map<Object, Integer> users = new java.util.IdentityHashMap<>();
  private final java.util.Set<Object> endWhenUnused =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private int running;
  private volatile boolean exitRequested;
  private RuntimeException deathCause;
  private boolean holdsResources;

  ActorHost(
      ActorManager manager,
      ActorId id,
      Job job,
      ActorOptions options,
      String namespace,
      RayFunction constructor,
      Object[] constructorArgs,
      List<Object> keepAlive,
      ResourceSet demand) {
    this.manager = manager;
    this.id = id;
    this.job = job;
    this.options = options;
    this.namespace = namespace;
    this.constructor = constructor;
    this.constructorArgs = constructorArgs;
    this.constructorKeepAlive = keepAlive;
    this.demand = demand;
    this.className = classNameOf(constructor);
  }

  /** The actor's class as the console shows it: the constructor's or factory's class. */
  static String classNameOf(RayFunction constructor) {
    String f = FunctionNames.of(constructor);
    return f.contains(".") ? f.substring(0, f.lastIndexOf('.')) : f;
  }

  /** The prepared constructor arguments (its dependencies). */
  synchronized Object[] constructorArgs() {
    return constructorArgs;
  }

  @Override
  public ActorId actorId() {
    return id;
  }

  @Override
  public synchronized boolean wasRestarted() {
    return restarts > 0;
  }

  @Override
  public void requestExit() {
    exitRequested = true;
  }

  synchronized ActorState state() {
    return state;
  }

  synchronized int restarts() {
    return restarts;
  }

  /**
   * Starts the count of restarts at {@code n} (an actor restarted here after its node was lost).
   */
  synchronized void restartedBefore(int n) {
    restarts = n;
  }

  /** The work that runs the constructor (first creation and every restart). */
  LocalScheduler.Work creationWork(ResourceSet held, boolean keep) {
    return new LocalScheduler.Work() {
      @Override
      public ResourceSet demand() {
        return held;
      }

      @Override
      public boolean keepsResources() {
        return keep;
      }

      @Override
      public void run() {
        if (keep) {
          synchronized (ActorHost.this) {
            holdsResources = true;
          }
        }
        construct();
      }

      @Override
      public void abandon(RuntimeException why) {
        die(why);
      }
    };
  }

  private void construct() {
    int gen;
    synchronized (this) {
      if (state == ActorState.DEAD) {
        releaseResources();
        return;
      }
      gen = generation;
    }
    WorkerContext ctx = WorkerContext.enter(job, null, null, this, ResourceSet.EMPTY);
    try {
      Object[] resolved = new Object[constructorArgs.length];
      for (int i = 0; i < resolved.length; i++) {
        resolved[i] = manager.codec().resolveArg(constructorArgs[i], job);
      }
      Object created = job.callUserCode(() -> constructor.applyArgs(resolved));
      if (created == null) {
        throw new IllegalStateException("the actor factory returned null");
      }
      boolean killedMeanwhile;
      synchronized (this) {
        // killed (for good, or to be made again by a creation already on its way) meanwhile
        // (or another creation, submitted by a kill before this one started, published first)
        killedMeanwhile = state == ActorState.DEAD || generation != gen || instance != null;
        if (!killedMeanwhile) {
          instance = created;
          state = ActorState.ALIVE;
          endWhenUnused.remove(created); // a factory that hands out the same object again
        }
      }
      if (killedMeanwhile) {
        endInstance(created); // killed while it was being made
        return;
      }
      manager.recordState(this, ActorState.ALIVE, null);
    } catch (Throwable t) {
      die(
          new RayActorException(
              "the constructor of actor " + className + " (" + id.hex() + ") threw: " + t, t));
      return;
    } finally {
      ctx.exit();
      Thread.interrupted();
    }
    dispatch();
  }

  /** Adds a call to the mailbox; it runs once its dependencies are ready and its turn comes. */
  void enqueue(ActorCall call) {
    RuntimeException dead = null;
    synchronized (this) {
      if (state == ActorState.DEAD) {
        dead = deadError();
      } else {
        mailbox.add(call);
      }
    }
    if (dead != null) {
      complete(call, new ObjectValue.Failed(dead), List.of());
      return;
    }
    io.stingray.raylet.task.Dependencies.whenReady(
        manager.table(),
        call.args,
        error -> {
          call.dependencyError = error;
          call.ready = true;
          dispatch();
        });
  }

  private RuntimeException deadError() {
    String why = deathCause == null ? "it is dead" : deathCause.getMessage();
    return new RayActorException(
        "actor " + className + " (" + id.hex() + ")" + REFUSED + why,
        deathCause == null ? null : deathCause.getCause());
  }

  /** A call taken from the mailbox, with the generation of the instance it was taken for. */
  private record Taken(ActorCall call, int generation) {}

  private void dispatch() {
    boolean refusedAny = true;
    while (refusedAny) { // a refused call frees its slot: the next ready one is tried (and fails)
      refusedAny = false;
      List<Taken> start = null;
      synchronized (this) {
        Taken next;
        while ((next = takeReady()) != null) {
          if (start == null) {
            start = new ArrayList<>(1);
          }
          start.add(next);
        }
      }
      if (start != null) {
        for (Taken t : start) {
          try {
            manager.executor().execute(() -> runLoop(t));
          } catch (java.util.concurrent.RejectedExecutionException refused) {
            refuse(t, refused);
            refusedAny = true;
          }
        }
      }
    }
  }

  /** Fails a taken call that no worker thread would run, and frees its slot. */
  private void refuse(Taken t, java.util.concurrent.RejectedExecutionException refused) {
    synchronized (this) {
      if (t.generation() != generation || !inFlight.remove(t.call())) {
        return; // a kill already retried or failed it
      }
      running--;
    }
    complete(
        t.call(),
        new ObjectValue.Failed(
            new RayActorException(
                "the worker threads of the hosting node refused a call of actor "
                    + className
                    + " ("
                    + id.hex()
                    + "): "
                    + refused.getMessage(),
                refused)),
        List.of());
  }

  /** Takes the head call if it may start now. Caller holds the monitor. */
  private Taken takeReady() {
    if (state != ActorState.ALIVE || running >= options.maxConcurrency) {
      return null;
    }
    ActorCall head = mailbox.peek();
    if (head == null || !head.ready) {
      return null;
    }
    mailbox.poll();
    running++;
    inFlight.add(head);
    return new Taken(head, generation);
  }

  private void runLoop(Taken first) {
    Taken t = first;
    while (t != null) {
      execute(t.call(), t.generation());
      synchronized (this) {
        if (t.generation() == generation && inFlight.remove(t.call())) {
          running--;
        }
        t = takeReady();
      }
    }
  }

  /**
   * Runs a call on the instance of generation {@code gen}. A kill in between (which retried or
   * failed the call already) makes this run a no-op, or drops its result.
   */
  private void execute(ActorCall call, int gen) {
    Object target;
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      target = instance;
      if (target != null) {
        users.merge(target, 1, Integer::sum);
      }
      if (call.dependencyError == null) {
        call.running.enter(); // under the lock a kill takes: it interrupts this call or none
      }
    }
    try {
      run(call, gen, target);
    } finally {
      Object unused = doneUsing(target);
      if (unused != null) {
        endInstance(unused); // killed while this call ran on it: it ends now
      }
    }
  }

  private void run(ActorCall call, int gen, Object target) {
    if (call.dependencyError != null) {
      complete(call, new ObjectValue.Failed(call.dependencyError), List.of());
      return;
    }
    WorkerContext ctx = WorkerContext.enter(job, call.id, call, this, ResourceSet.EMPTY);
    ObjectValue value;
    List<Object> contained = List.of();
    try {
      Object[] resolved = new Object[call.args.length];
      resolved[0] = target;
      for (int i = 1; i < resolved.length; i++) {
        resolved[i] = manager.codec().resolveArg(call.args[i], job);
      }
      Object result = job.callUserCode(() -> call.method.applyArgs(resolved));
      ValueCodec.Encoded e =
          manager.codec().encode(call.returnId, call.returnsVoid ? null : result, job);
      value = e.value();
      contained = e.contained();
    } catch (Throwable t) {
      value =
          new ObjectValue.Failed(
              t instanceof RayTaskException r
                  ? r
                  : new RayTaskException(
                      "actor method "
                          + FunctionNames.of(call.method)
                          + " of "
                          + className
                          + " failed: "
                          + t,
                      t));
    } finally {
      ctx.exit();
      call.running.leave();
    }
    synchronized (this) {
      if (gen != generation) {
        return; // killed meanwhile: the kill already retried or failed this call
      }
    }
    if (exitRequested) {
      RayActorException exited =
          new RayActorException(
              "actor " + className + " (" + id.hex() + ") exited by calling exitActor()");
      complete(call, new ObjectValue.Failed(exited), List.of());
      die(exited);
      return;
    }
    complete(call, value, contained);
  }

  /**
   * A call stopped using an instance; returns the instance if that was its last call and it was
   * dropped meanwhile (its end waits for its calls), else null.
   */
  private synchronized Object doneUsing(Object target) {
    if (target == null) {
      return null;
    }
    Integer n = users.get(target);
    if (n == null) {
      return null;
    }
    if (n > 1) {
      users.put(target, n - 1);
      return null;
    }
    users.remove(target);
    return endWhenUnused.remove(target) ? target : null;
  }

  /**
   * Ends a dropped instance now, or once the calls still running on it returned (a kill interrupts
   * them, but a method may finish its work first): a CDI bean's {@code @PreDestroy} never runs
   * under a method of the same instance. A method that never returns keeps its instance from
   * ending.
   */
  private void endWhenUnused(Object ended) {
    if (ended == null) {
      return;
    }
    synchronized (this) {
      if (users.containsKey(ended)) {
        endWhenUnused.add(ended);
        return;
      }
    }
    endInstance(ended);
  }

  private void complete(ActorCall call, ObjectValue value, List<Object> contained) {
    manager.table().complete(call.returnId, value, contained);
    pendingCalls.decrementAndGet();
  }

  /**
   * Kills the actor: calls in flight are retried (if they have retries left) or failed; the actor
   * restarts if allowed and {@code noRestart} is false, else it dies with its queued calls.
   */
  void kill(boolean noRestart, String why) {
    boolean restart;
    Object ended;
    List<ActorCall> failed = new ArrayList<>();
    List<ActorCall> dead = List.of();
    RayActorException error =
        new RayActorException("actor " + className + " (" + id.hex() + ") was killed: " + why);
    synchronized (this) {
      if (state == ActorState.DEAD) {
        return;
      }
      generation++;
      List<ActorCall> retried = new ArrayList<>();
      for (ActorCall c : inFlight) {
        c.running.interrupt(); // only while this very call runs on it
        if (c.retriesLeft != 0) {
          c.retriesLeft = c.retriesLeft < 0 ? -1 : c.retriesLeft - 1;
          retried.add(c);
        } else {
          failed.add(c);
        }
      }
      inFlight.clear();
      running = 0;
      for (int i = retried.size() - 1; i >= 0; i--) {
        mailbox.addFirst(retried.get(i));
      }
      restart =
          !noRestart
              && !exitRequested
              && (options.maxRestarts < 0 || restarts < options.maxRestarts);
      ended = instance;
      instance = null;
      if (restart) {
        state = ActorState.RESTARTING;
        restarts++;
      } else {
        dead = markDead(error); // in the same critical section: no call may start meanwhile
      }
    }
    endWhenUnused(ended);
    for (ActorCall c : failed) {
      complete(c, new ObjectValue.Failed(error), List.of());
    }
    if (restart) {
      manager.recordState(this, ActorState.RESTARTING, null);
      manager.scheduler().submit(creationWork(ResourceSet.EMPTY, false), false);
    } else {
      finishDeath(dead, error);
    }
  }

  /** Marks the actor dead for good and fails every call still waiting. */
  void die(RuntimeException cause) {
    List<ActorCall> failed;
    Object ended;
    synchronized (this) {
      if (state == ActorState.DEAD) {
        return;
      }
      ended = instance;
      failed = markDead(cause);
    }
    endWhenUnused(ended);
    finishDeath(failed, cause);
  }

  /**
   * An instance was dropped (killed, exited, restarting, its job ended): what its factory asked to
   * run then ({@code ActorEnds}: a CDI bean's {@code @PreDestroy}) runs here, in the job's context.
   */
  private void endInstance(Object ended) {
    Runnable onEnd = ended == null ? null : io.stingray.api.spi.ActorEnds.take(ended);
    if (onEnd == null) {
      return;
    }
    try {
      job.callUserCode(
          () -> {
            onEnd.run();
            return null;
          });
    } catch (Throwable t) { // the actor is gone either way: say why its end failed
      LOG.warn("the end of actor {} ({}) failed: {}", className, id.hex(), t.toString());
    }
  }

  /** The DEAD transition; returns the calls to fail. Caller holds the monitor. */
  private List<ActorCall> markDead(RuntimeException cause) {
    state = ActorState.DEAD;
    deathCause = cause;
    generation++;
    instance = null;
    List<ActorCall> failed = new ArrayList<>(mailbox);
    failed.addAll(inFlight);
    mailbox.clear();
    inFlight.clear();
    running = 0;
    constructorArgs = new Object[0];
    constructorKeepAlive = null;
    return failed;
  }

  private void finishDeath(List<ActorCall> failed, RuntimeException cause) {
    RuntimeException error;
    synchronized (this) {
      error = deadError();
    }
    for (ActorCall c : failed) {
      complete(c, new ObjectValue.Failed(error), List.of());
    }
    releaseResources();
    manager.recordState(this, ActorState.DEAD, cause.getMessage());
  }

  /** Gives the actor's lifetime resources back, once. */
  private void releaseResources() {
    synchronized (this) {
      if (!holdsResources) {
        return;
      }
      holdsResources = false;
    }
    manager.scheduler().release(demand);
  }
}
