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

  /** Completes the job once its serializer and context exist (they refer back to the job). */
  public void bind(
      ObjectSerializer serializer, io.stingray.api.RayContext context, ObjectGetter getter) {
    this.serializer = serializer;
    this.context = context;
    this.getter = getter;
  }
}
