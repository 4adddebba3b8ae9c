package io.stingray.api;

import io.stingray.api.spi.CurrentContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point of the Stingray API: submit tasks, create and find actors, put, get and wait for
 * objects, reserve placement groups and read cluster state.
 *
 * <p>Inside an application server the resource adapter injects it ({@code @Inject RayContext ray});
 * without one, {@code RayNode.context()} returns the driver's context; inside a task or actor
 * method, {@link #current()} returns the context of the job the code runs for.
 *
 * <p><b>Threading:</b> every method is safe to call from any number of threads at once. Methods
 * that say they block do so on the calling thread only; when that thread is a Stingray worker, its
 * CPU is given back while it waits, so nested tasks cannot deadlock a small node.
 *
 * <p><b>Failure:</b> a call on a closed context throws {@link IllegalStateException}; the
 * exceptions of {@code io.stingray.api.exception} say what went wrong remotely.
 */
public interface RayContext extends AutoCloseable, RayCalls {

  /**
   * Finds a named actor in the current namespace ({@link RuntimeContext#namespace()}).
   *
   * @return the handle, or empty if no live actor has that name
   */
  <A> Optional<ActorHandle<A>> getActor(String name);

  /** Finds a named actor in the given namespace; empty if no live actor has that name. */
  <A> Optional<ActorHandle<A>> getActor(String name, String namespace);

  /**
   * An actor whose instance the CDI container of the node hosting it makes from {@code beanClass},
   * a bean class of the application (for example {@code @Dependent}): its {@code @Inject} members
   * are injected and its {@code @PostConstruct} runs at creation and after each restart; its
   * {@code @PreDestroy} runs when the instance ends (the actor is killed, calls {@link #exitActor},
   * is restarted, or its job ends). Placed, named and called like any actor ({@code
   * handle.task(Inventory::reserve, item)}).
   *
   * <p><b>Failure:</b> on a node without the application's CDI container (a plain-Java node) the
   * actor dies at creation with {@link io.stingray.api.exception.RayActorException} saying so, as
   * when CDI cannot make the bean; calls to it fail with that exception.
   *
   * @throws IllegalArgumentException if {@code beanClass} is null, an interface or abstract
   */
  default <A> ActorCreator<A> actor(Class<A> beanClass) {
    return actor(new io.stingray.api.spi.BeanActorFactory<>(beanClass));
  }

  /**
   * Called inside an actor method: the actor exits once this method call returns. That call's
   * result fails with {@code RayActorException}, pending calls fail too, and the actor is not
   * restarted whatever {@code maxRestarts} says.
   *
   * @throws IllegalStateException outside an actor method
   */
  void exitActor();

  /**
   * Stores an immutable copy of a value and returns its reference. Does not block for long: the
   * value is serialized on the calling thread.
   *
   * @throws io.stingray.api.exception.ObjectStoreFullException if the store cannot take it even
   *     after spilling
   * @throws io.stingray.api.exception.RayException if the value cannot be serialized (the message
   *     names the class)
   */
  <T> ObjectRef<T> put(T value);

  /**
   * Blocks until the object is available and returns a copy of it.
   *
   * @throws io.stingray.api.exception.RayTaskException if the task that makes it threw
   * @throws io.stingray.api.exception.TaskCancelledException if that task was cancelled
   * @throws io.stingray.api.exception.ObjectLostException if it is gone for good
   */
  <T> T get(ObjectRef<T> ref);

  /**
   * As {@link #get(ObjectRef)}, waiting at most {@code timeout}.
   *
   * @throws io.stingray.api.exception.GetTimeoutException when the timeout passes first
   */
  <T> T get(ObjectRef<T> ref, Duration timeout);

  /** Blocks until every object is available; the values in the order of the refs. */
  <T> List<T> get(List<ObjectRef<T>> refs);

  /**
   * As {@link #get(List)}, waiting at most {@code timeout} for all of them together.
   *
   * @throws io.stingray.api.exception.GetTimeoutException when the timeout passes first
   */
  <T> List<T> get(List<ObjectRef<T>> refs, Duration timeout);

  /** Blocks until every ref is ready; same as {@code wait(refs, refs.size(), no timeout)}. */
  <T> WaitResult<T> wait(List<ObjectRef<T>> refs);

  /**
   * Blocks until {@code numReturns} of the refs are ready (an error counts as ready) or the timeout
   * passes, and splits them in ready and unready, each in the order given. Never throws for a
   * timeout.
   *
   * @throws NullPointerException if refs is null
   * @throws IllegalArgumentException if numReturns is larger than the list or below 1 on a
   *     non-empty list
   */
  <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout);

  /**
   * As {@link #wait(List, int, Duration)}; with {@code fetchLocal} a ref counts as ready only once
   * its object is on this node.
   */
  <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, Duration timeout, boolean fetchLocal);

  /** Cancels the task that makes this object: {@code cancel(ref, false, true)}. */
  void cancel(ObjectRef<?> ref);

  /**
   * Cancels the task that makes this object. A queued task never runs; a running one is interrupted
   * only with {@code force}. Its result (and every dependent's) then fails with {@code
   * TaskCancelledException}. Cancelling a finished task or a {@code put} object does nothing.
   * Returns at once.
   *
   * @param recursive also cancel the tasks that this task submitted
   */
  void cancel(ObjectRef<?> ref, boolean force, boolean recursive);

  /**
   * Starts reserving resource bundles; {@code create()} on the result returns at once and {@link
   * PlacementGroup#wait} says when every bundle is reserved.
   *
   * @throws IllegalArgumentException for an empty bundle list or a bundle with no resources
   */
  PlacementGroupCreator placementGroup(
      List<Map<String, Double>> bundles, PlacementStrategy strategy);

  /**
   * Finds a placement group by name in the current namespace, on any node of the cluster; empty if
   * none (or it was removed, or its creating node was lost).
   */
  Optional<PlacementGroup> getPlacementGroup(String name);

  /**
   * Removes a placement group and frees its bundles; tasks and actors waiting on it fail with
   * {@code UnschedulableException}. Removing an unknown id does nothing.
   */
  void removePlacementGroup(PlacementGroupId id);

  /** Where and for whom the calling code runs. */
  RuntimeContext runtimeContext();

  /** Total resources, summed over alive nodes. */
  Map<String, Double> clusterResources();

  /** Resources free right now, summed over alive nodes. */
  Map<String, Double> availableResources();

  /** Releases this handle. Never stops the node; closing twice does nothing. */
  @Override
  void close();

  /**
   * Inside a task, an actor method or an actor constructor (on a Stingray worker thread): the
   * context of the job the code runs for.
   *
   * @throws IllegalStateException on any other thread (inside the app server, inject it instead)
   */
  static RayContext current() {
    RayContext ctx = CurrentContext.get();
    if (ctx == null) {
      throw new IllegalStateException(
          "RayContext.current() works only inside a task or an actor method; "
              + "inject RayContext or use RayNode.context() elsewhere");
    }
    return ctx;
  }
}
