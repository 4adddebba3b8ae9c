package io.stingray.api.spi;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link RayContext} that passes every call to another context, chosen by {@link #call} for each
 * call: the adapter's connection handles and the CDI-injected context are built on it. Applications
 * do not use it. Thread-safe if {@code call} is; whatever {@code call} or the context it chose
 * throws reaches the caller unchanged.
 */
public abstract class ForwardingRayContext implements RayContext {
  /**
   * Applies {@code op} to the context that serves this call and returns what it returns.
   *
   * @throws IllegalStateException if there is none (a closed handle, say)
   */
  protected abstract <T> T call(Function<RayContext, T> op);

  private void run(Consumer<RayContext> op) {
    call(
        c -> {
          op.accept(c);
          return null;
        });
  }

  @Override
  public <R> TaskCaller<R> submitTask(Invocation invocation) {
    return call(c -> c.submitTask(invocation));
  }

  @Override
  public VoidTaskCaller submitVoidTask(Invocation invocation) {
    return call(c -> c.submitVoidTask(invocation));
  }

  @Override
  public <A> ActorCreator<A> createActor(Invocation invocation) {
    return call(c -> c.createActor(invocation));
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name) {
    return call(c -> c.getActor(name));
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name, String namespace) {
    return call(c -> c.getActor(name, namespace));
  }

  @Override
  public void exitActor() {
    run(c -> c.exitActor());
  }

  @Override
  public <T> ObjectRef<T> put(T value) {
    return call(c -> c.put(value));
  }

  @Override
  public <T> T get(ObjectRef<T> ref) {
    return call(c -> c.get(ref));
  }

  @Override
  public <T> T get(ObjectRef<T> ref, Duration timeout) {
    return call(c -> c.get(ref, timeout));
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs) {
    return call(c -> c.get(refs));
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, Duration timeout) {
    return call(c -> c.get(refs, timeout));
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs) {
    return call(c -> c.wait(refs));
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    return call(c -> c.wait(refs, numReturns, timeout));
  }

  @Override
  public <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, Duration timeout, boolean fetchLocal) {
    return call(c -> c.wait(refs, numReturns, timeout, fetchLocal));
  }

  @Override
  public void cancel(ObjectRef<?> ref) {
    run(c -> c.cancel(ref));
  }

  @Override
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    run(c -> c.cancel(ref, force, recursive));
  }

  @Override
  public PlacementGroupCreator placementGroup(
      List<Map<String, Double>> bundles, PlacementStrategy strategy) {
    return call(c -> c.placementGroup(bundles, strategy));
  }

  @Override
  public Optional<PlacementGroup> getPlacementGroup(String name) {
    return call(c -> c.getPlacementGroup(name));
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    run(c -> c.removePlacementGroup(id));
  }

  @Override
  public RuntimeContext runtimeContext() {
    return call(c -> c.runtimeContext());
  }

  @Override
  public Map<String, Double> clusterResources() {
    return call(c -> c.clusterResources());
  }

  @Override
  public Map<String, Double> availableResources() {
    return call(c -> c.availableResources());
  }
}
