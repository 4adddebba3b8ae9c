package io.stingray.raylet.context;

import io.stingray.api.ActorId;
import io.stingray.api.TaskId;
import io.stingray.api.spi.CurrentContext;
import io.stingray.raylet.scheduler.ResourceSet;

/**
 * What runs on the current worker thread: the job, the task (or actor call), the actor, and the
 * resources held (given back while the worker blocks in {@code get}/{@code wait}). A thread-local
 * set around every piece of user code.
 */
public final class WorkerContext {
  private static final ThreadLocal<WorkerContext> CURRENT = new ThreadLocal<>();

  private final Job job;
  private final TaskId taskId;
  private final ActorSlot actor;
  private final ResourceSet held;
  private final Object task;
  private final WorkerContext previous;
  private final io.stingray.api.RayContext previousApi;
  private final ClassLoader previousLoader;

  /** The actor side of a worker context; implemented by the actor host. */
  public interface ActorSlot {
    ActorId actorId();

    boolean wasRestarted();

    void requestExit();
  }

  private WorkerContext(
      Job job, TaskId taskId, Object task, ActorSlot actor, ResourceSet held, WorkerContext prev) {
    this.job = job;
    this.taskId = taskId;
    this.task = task;
    this.actor = actor;
    this.held = held;
    this.previous = prev;
    this.previousApi = CurrentContext.set(job.context());
    Thread t = Thread.currentThread();
    this.previousLoader = t.getContextClassLoader();
    t.setContextClassLoader(job.classLoader()); // user code sees its application's loader
  }

  /**
   * Enters user code on this thread; pair with {@link #exit()} in a finally block.
   *
   * @param task the runtime's task object (a parent for tasks submitted from here), or null
   * @param held resources to give back while blocked ({@link ResourceSet#EMPTY} for none)
   */
  public static WorkerContext enter(
      Job job, TaskId taskId, Object task, ActorSlot actor, ResourceSet held) {
    WorkerContext ctx = new WorkerContext(job, taskId, task, actor, held, CURRENT.get());
    CURRENT.set(ctx);
    return ctx;
  }

  /** Leaves user code, restoring what was there before. */
  public void exit() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
    if (previousApi == null) {
      CurrentContext.clear();
    } else {
      CurrentContext.set(previousApi);
    }
    Thread.currentThread().setContextClassLoader(previousLoader);
  }

  /** The context on this thread, or null outside user code. */
  public static WorkerContext current() {
    return CURRENT.get();
  }

  public Job job() {
    return job;
  }

  public TaskId taskId() {
    return taskId;
  }

  public Object task() {
    return task;
  }

  public ActorSlot actor() {
    return actor;
  }

  public ResourceSet held() {
    return held;
  }
}
