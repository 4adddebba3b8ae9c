package io.stingray.raylet.context;

import io.stingray.api.JobId;
import io.stingray.raylet.serialization.ObjectSerializer;

/**
 * A job as this node runs it: its id, namespace, class loader and serializer, and the context its
 * code sees. A driver (RayNode) or a deployed application is one job.
 */
public final class Job {
  private final JobId id;
  private final String name;
  private final String namespace;
  private final ClassLoader classLoader;
  private volatile ObjectSerializer serializer;
  private volatile io.stingray.api.RayContext context;
  private volatile ObjectGetter getter;
  private volatile java.util.concurrent.Executor userCode; // null: on the worker thread as is

  /**
   * @param name the job's name: the same application on every node has the same name, and work of a
   *     job runs only where a job of that name exists (or a node runs any job)
   */
  public Job(JobId id, String name, String namespace, ClassLoader classLoader) {
    this.id = id;
    this.name = name;
    this.namespace = namespace;
    this.classLoader = classLoader;
  }

  public JobId id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public ClassLoader classLoader() {
    return classLoader;
  }

  public ObjectSerializer serializer() {
    return serializer;
  }

  /** The context the job's code sees, once {@link #bind} ran. */
  public io.stingray.api.RayContext context() {
    return context;
  }

  /** How the job's refs get their values, once {@link #bind} ran. */
  public ObjectGetter getter() {
    return getter;
  }

  /**
   * Runs the job's code from now on through {@code inContext}, which runs what it is given at once
   * on the calling thread inside the application's context (see {@code JobBound.runUserCodeIn}).
   */
  public void runUserCodeIn(java.util.concurrent.Executor inContext) {
    this.userCode = inContext;
  }

  /** Code of the job, run by {@link #callUserCode}; may throw anything the job's code throws. */
  public interface UserCode {
    Object call() throws Throwable;
  }

  /**
   * Runs the job's code on this thread, inside the application's context when one was given.
   *
   * @throws Throwable what the code threw, or what the context threw (the application stopped)
   */
  public Object callUserCode(UserCode code) throws Throwable {
    java.util.concurrent.Executor inContext = userCode;
    if (inContext == null) {
      return code.call();
    }
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    inContext.execute(
        () -> {
          try {
            result[0] = code.call();
          } catch (Throwable t) { // handed back to the caller, which reports it as user code's
            failure[0] = t;
          }
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }

  /** Completes the job once its serializer and context exist (they refer back to the job). */
  public void bind(
      ObjectSerializer serializer, io.stingray.api.RayContext context, ObjectGetter getter) {
    this.serializer = serializer;
    this.context = context;
    this.getter = getter;
  }
}
