package io.stingray.raylet.task;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.TaskId;
import io.stingray.api.exception.RayTaskException;
import io.stingray.api.exception.TaskCancelledException;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the tasks submitted on this node: prepares arguments, waits for dependencies, hands tasks to
 * the {@link LocalScheduler}, runs them on worker threads, stores results, retries and cancels.
 * Thread-safe.
 */
public final class TaskManager {
  private final NodeId nodeId;
  private final ObjectTable table;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final PlacementGroups placementGroups;
  private final long idPrefix;
  private final AtomicLong ids = new AtomicLong();

  public TaskManager(
      NodeId nodeId,
      ObjectTable table,
      ValueCodec codec,
      LocalScheduler scheduler,
      PlacementGroups placementGroups,
      long idPrefix) {
    this.nodeId = nodeId;
    this.table = table;
    this.codec = codec;
    this.scheduler = scheduler;
    this.placementGroups = placementGroups;
    this.idPrefix = idPrefix;
  }

  /** A new task id, unique in the cluster. */
  public TaskId newTaskId() {
    return TaskId.of(idPrefix, ids.incrementAndGet());
  }

  /**
   * Submits a task and returns the ref of its result.
   *
   * @throws UnschedulableException if its resources can never be met here
   */
  <R> ObjectRef<R> submit(Job job, Invocation invocation, TaskOptions options) {
    ResourceSet demand =
        placeDemand(
            options.demand(),
            options.placementGroup,
            options.bundleIndex,
            options.strategy,
            "task " + FunctionNames.of(invocation.function()));
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(invocation.args(), 0, job, keepAlive);
    WorkerContext worker = WorkerContext.current();
    TaskSpec parent = worker != null && worker.task() instanceof TaskSpec p ? p : null;
    TaskSpec spec =
        new TaskSpec(
            this,
            newTaskId(),
            job,
            options.name,
            invocation.function(),
            args,
            keepAlive,
            demand,
            options,
            table.newId(),
            invocation.returnsVoid(),
            parent);
    table.create(spec.returnId, spec);
    ObjectRefImpl<R> ref = table.newRef(spec.returnId, job.context().getter());
    if (parent != null) {
      parent.children.add(spec);
    }
    Dependencies.whenReady(
        table,
        args,
        error -> {
          if (error != null) {
            fail(spec, error);
          } else if (!spec.cancelled) {
            spec.state = TaskSpec.QUEUED;
            scheduler.submit(spec, false);
          }
        });
    return ref;
  }

  /**
   * Where a task or actor may run, shared by both: the demand in a placement group's bundle
   * resources if it has one, else the demand itself after checking this node could ever meet it; a
   * hard affinity to another node is refused.
   *
   * @param what names the task or actor in the error
   * @throws UnschedulableException if the demand can never be met here
   */
  public ResourceSet placeDemand(
      ResourceSet demand,
      PlacementGroup group,
      int bundleIndex,
      SchedulingStrategy strategy,
      String what) {
    ResourceSet placed;
    if (group != null) {
      placed = placementGroups.bundleDemand(group, bundleIndex, demand);
    } else if (scheduler.feasible(demand)) {
      placed = demand;
    } else {
      throw new UnschedulableException(
          "no node can satisfy the resource demand "
              + demand
              + " of "
              + what
              + "; this node has "
              + scheduler.total());
    }
    checkAffinity(nodeId, strategy);
    return placed;
  }

  /** Refuses a hard node affinity to a node other than this one (the only node there is). */
  private static void checkAffinity(NodeId nodeId, SchedulingStrategy strategy) {
    if (strategy instanceof SchedulingStrategy.NodeAffinity a
        && !a.node().equals(nodeId)
        && !a.soft()) {
      throw new UnschedulableException(
          "node affinity to " + a.node().hex() + " (not soft) but that node is not in the cluster");
    }
  }

  /** Runs a task on the current worker thread (called by the scheduler). */
  void execute(TaskSpec spec) {
    if (spec.cancelled) {
      fail(spec, cancelled(spec));
      return;
    }
    spec.state = TaskSpec.RUNNING;
    spec.thread = Thread.currentThread();
    Job job = spec.job;
    WorkerContext ctx = WorkerContext.enter(job, spec.id, spec, null, spec.demand);
    boolean retry = false;
    try {
      Object[] args = spec.args;
      Object[] resolved = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        resolved[i] = codec.resolveArg(args[i], job);
      }
      Object result = spec.function.applyArgs(resolved);
      if (spec.cancelled) {
        fail(spec, cancelled(spec));
      } else {
        ValueCodec.Encoded e = codec.encode(spec.returnId, spec.returnsVoid ? null : result, job);
        finish(spec, e.value(), e.contained());
      }
    } catch (Throwable t) {
      if (spec.cancelled) {
        fail(spec, cancelled(spec));
      } else if (spec.retryExceptions && spec.mayRetry() && !(t instanceof VirtualMachineError)) {
        spec.attempts++;
        retry = true;
      } else {
        fail(spec, taskError(spec, t));
      }
    } finally {
      ctx.exit();
      spec.thread = null;
      Thread.interrupted(); // a force-cancel must not leak into the next task on this thread
    }
    if (retry) {
      spec.state = TaskSpec.QUEUED;
      scheduler.submit(spec, false);
    }
  }

  private static RuntimeException taskError(TaskSpec spec, Throwable t) {
    if (t instanceof RayTaskException r) {
      return r; // a failure of a task this one depended on: passed on unchanged
    }
    return new RayTaskException("task " + spec.displayName() + " failed: " + t, t);
  }

  private static TaskCancelledException cancelled(TaskSpec spec) {
    return new TaskCancelledException("task " + spec.displayName() + " was cancelled");
  }

  /** Fails a task's result (dependency failed, cancelled, abandoned). */
  void fail(TaskSpec spec, RuntimeException error) {
    finish(spec, new ObjectValue.Failed(error), List.of());
  }

  private void finish(TaskSpec spec, ObjectValue value, List<Object> contained) {
    spec.state = TaskSpec.DONE;
    table.complete(spec.returnId, value, contained);
    spec.args = null;
    spec.keepAlive = null;
    if (spec.parent != null) {
      spec.parent.children.remove(spec);
    }
  }

  /**
   * Cancels the task that makes {@code ref}; see {@code RayContext.cancel}. Returns at once; does
   * nothing for finished tasks and put objects.
   */
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    ObjectTable.Entry e = table.entry(ref.id());
    if (e != null && e.producer() instanceof TaskSpec spec) {
      cancel(spec, force, recursive);
    }
  }

  private void cancel(TaskSpec spec, boolean force, boolean recursive) {
    if (spec.state == TaskSpec.DONE) {
      return;
    }
    spec.cancelled = true;
    if (recursive) {
      for (TaskSpec child : List.copyOf(spec.children)) {
        cancel(child, force, true);
      }
    }
    int state = spec.state;
    if (state == TaskSpec.WAITING || state == TaskSpec.QUEUED && scheduler.remove(spec)) {
      fail(spec, cancelled(spec));
    } else if (state == TaskSpec.RUNNING && force) {
      Thread t = spec.thread;
      if (t != null) {
        t.interrupt();
      }
      fail(spec, cancelled(spec));
    }
  }
}
