package io.stingray.raylet.task;

import io.stingray.api.NodeId;
import io.stingray.api.exception.RayTaskException;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.scheduler.LocalScheduler;

/**
 * The executor's side of tasks: runs a task the {@link LocalScheduler} started on a worker thread
 * (the job's context and class loader around it), retries it here on an exception if its options
 * allow, and reports its result or failure through {@link TaskResults}. Whoever owns the task (this
 * node's {@link TaskSubmitter}, or another node through it) learns the outcome from the result's
 * entry. Called on worker threads only; thread-safe.
 */
public final class TaskExecutor {
  private final NodeId nodeId;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final TaskResults results;

  public TaskExecutor(
      NodeId nodeId, ValueCodec codec, LocalScheduler scheduler, TaskResults results) {
    this.nodeId = nodeId;
    this.codec = codec;
    this.scheduler = scheduler;
    this.results = results;
  }

  /** Runs a task on the current worker thread (called by the scheduler). */
  void execute(TaskSpec spec) {
    if (spec.cancelled) {
      results.fail(spec, TaskSubmitter.cancelled(spec));
      return;
    }
    spec.state = TaskSpec.RUNNING;
    if (spec.event != null) {
      TaskEvents.running(spec.event, nodeId.hex());
    }
    spec.running.enter();
    Job job = spec.job;
    WorkerContext ctx = WorkerContext.enter(job, spec.id, spec, null, spec.demand);
    boolean retry = false;
    try {
      Object[] args = spec.args;
      Object[] resolved = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        resolved[i] = codec.resolveArg(args[i], job);
      }
      Object result = job.callUserCode(() -> spec.function.applyArgs(resolved));
      if (spec.cancelled) {
        results.fail(spec, TaskSubmitter.cancelled(spec));
      } else {
        ValueCodec.Encoded e = codec.encode(spec.returnId, spec.returnsVoid ? null : result, job);
        results.finish(spec, e.value(), e.contained());
      }
    } catch (Throwable t) {
      if (spec.cancelled) {
        results.fail(spec, TaskSubmitter.cancelled(spec));
      } else if (spec.retryExceptions && spec.mayRetry() && !(t instanceof VirtualMachineError)) {
        spec.attempts++;
        retry = true;
      } else {
        results.fail(spec, taskError(spec, t));
      }
    } finally {
      ctx.exit();
      spec.running.leave(); // a force-cancel must not leak into the next task on this thread
    }
    if (retry) {
      spec.state = TaskSpec.QUEUED;
      scheduler.submit(spec, false);
    }
  }

  /** Fails a task that will not run (the scheduler abandoned it). */
  void abandon(TaskSpec spec, RuntimeException why) {
    results.fail(spec, why);
  }

  private static RuntimeException taskError(TaskSpec spec, Throwable t) {
    if (t instanceof RayTaskException r) {
      return r; // a failure of a task this one depended on: passed on unchanged
    }
    return new RayTaskException("task " + spec.displayName() + " failed: " + t, t);
  }
}
