package io.stingray.ra;

import io.stingray.api.ActorCreator;
import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementGroupCreator;
import io.stingray.api.PlacementGroupId;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.RayContext;
import io.stingray.api.RuntimeContext;
import io.stingray.api.TaskCaller;
import io.stingray.api.VoidTaskCaller;
import io.stingray.api.WaitResult;
import io.stingray.api.spi.Invocation;
import io.stingray.api.spi.JobBound;
import io.stingray.raylet.context.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JCA connection handle: a {@link RayContext} for one application's job until {@link #close()}.
 * Every call on a closed handle throws {@link IllegalStateException}. Thread-safe.
 */
public final class RayContextHandle implements RayContext, JobBound {
  private volatile RayManagedConnection connection;
  private final Job job;
  private volatile boolean closed;

  RayContextHandle(RayManagedConnection connection, Job job) {
    this.connection = connection;
    this.job = job;
  }

  void reassociate(RayManagedConnection mc) {
    connection = mc;
  }

  void invalidate() {
    closed = true;
  }

  private RayContext ctx() {
    if (closed) {
      throw new IllegalStateException("this Stingray connection handle is closed");
    }
    return job.context();
  }

  @Override
  public RayContext jobContext() {
    return ctx();
  }

  @Override
  public void runUserCodeIn(java.util.concurrent.Executor inContext) {
    job.runUserCodeIn(inContext);
  }

  @Override
  public void endJob() {
    RayManagedConnection mc = connection;
    if (mc != null) {
      mc.endJob(job);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      RayManagedConnection mc = connection;
      if (mc != null) {
        mc.handleClosed(this);
      }
    }
  }

  @Override
  public <R> TaskCaller<R> submitTask(Invocation invocation) {
    return ctx().submitTask(invocation);
  }

  @Override
  public VoidTaskCaller submitVoidTask(Invocation invocation) {
    return ctx().submitVoidTask(invocation);
  }

  @Override
  public <A> ActorCreator<A> createActor(Invocation invocation) {
    return ctx().createActor(invocation);
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name) {
    return ctx().getActor(name);
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name, String namespace) {
    return ctx().getActor(name, namespace);
  }

  @Override
  public void exitActor() {
    ctx().exitActor();
  }

  @Override
  public <T> ObjectRef<T> put(T value) {
    return ctx().put(value);
  }

  @Override
  public <T> T get(ObjectRef<T> ref) {
    return ctx().get(ref);
  }

  @Override
  public <T> T get(ObjectRef<T> ref, Duration timeout) {
    return ctx().get(ref, timeout);
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs) {
    return ctx().get(refs);
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, Duration timeout) {
    return ctx().get(refs, timeout);
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs) {
    return ctx().wait(refs);
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    return ctx().wait(refs, numReturns, timeout);
  }

  @Override
  public <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, Duration timeout, boolean fetchLocal) {
    return ctx().wait(refs, numReturns, timeout, fetchLocal);
  }

  @Override
  public void cancel(ObjectRef<?> ref) {
    ctx().cancel(ref);
  }

  @Override
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    ctx().cancel(ref, force, recursive);
  }

  @Override
  public PlacementGroupCreator placementGroup(
      List<Map<String, Double>> bundles, PlacementStrategy strategy) {
    return ctx().placementGroup(bundles, strategy);
  }

  @Override
  public Optional<PlacementGroup> getPlacementGroup(String name) {
    return ctx().getPlacementGroup(name);
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    ctx().removePlacementGroup(id);
  }

  @Override
  public RuntimeContext runtimeContext() {
    return ctx().runtimeContext();
  }

  @Override
  public Map<String, Double> clusterResources() {
    return ctx().clusterResources();
  }

  @Override
  public Map<String, Double> availableResources() {
    return ctx().availableResources();
  }
}
