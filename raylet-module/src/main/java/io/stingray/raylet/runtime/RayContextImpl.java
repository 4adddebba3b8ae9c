package io.stingray.raylet.runtime;

import io.stingray.api.ActorCreator;
import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectId;
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
import io.stingray.api.exception.GetTimeoutException;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.api.exception.RayException;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.actor.ActorCreatorImpl;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.task.TaskCallerImpl;
import io.stingray.raylet.task.VoidTaskCallerImpl;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link RayContext} of one job on this node. Shared by the job's driver and its tasks; its
 * {@link #close()} does nothing (connection handles of the resource adapter wrap it). A worker that
 * blocks in {@code get}/{@code wait} gives its resources back meanwhile.
 */
public final class RayContextImpl implements RayContext {
  private final NodeServices node;
  private final Job job;
  private final RuntimeContext runtime;
  private final io.stingray.raylet.context.ObjectGetter getter =
      (ref, timeout) -> timeout == null ? get(ref) : get(ref, timeout);

  public RayContextImpl(NodeServices node, Job job) {
    this.node = node;
    this.job = job;
    this.runtime = new RuntimeContextImpl(job, node.nodeId(), node::nodeInfos);
  }

  public Job job() {
    return job;
  }

  // ---- tasks and actors

  @Override
  public <R> TaskCaller<R> submitTask(Invocation invocation) {
    return new TaskCallerImpl<>(node.tasks(), job, Objects.requireNonNull(invocation));
  }

  @Override
  public VoidTaskCaller submitVoidTask(Invocation invocation) {
    return new VoidTaskCallerImpl(node.tasks(), job, Objects.requireNonNull(invocation));
  }

  @Override
  public <A> ActorCreator<A> createActor(Invocation invocation) {
    return new ActorCreatorImpl<>(node.actors(), job, Objects.requireNonNull(invocation));
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name) {
    return getActor(name, runtime.namespace());
  }

  @Override
  public <A> Optional<ActorHandle<A>> getActor(String name, String namespace) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    return node.actors().find(job, name, namespace);
  }

  @Override
  public void exitActor() {
    WorkerContext w = WorkerContext.current();
    if (w == null || w.actor() == null || w.task() == null) {
      throw new IllegalStateException("exitActor() works only inside an actor method");
    }
    w.actor().requestExit();
  }

  // ---- objects

  @Override
  public <T> ObjectRef<T> put(T value) {
    ObjectId id = node.table().newId();
    node.table().create(id, null);
    ObjectRefImpl<T> ref = node.table().newRef(id, getter);
    ValueCodec.Encoded e = node.codec().encode(id, value, job);
    node.table().complete(id, e.value(), e.contained());
    return ref;
  }

  @Override
  public <T> T get(ObjectRef<T> ref) {
    return getBefore(ref, Long.MAX_VALUE);
  }

  @Override
  public <T> T get(ObjectRef<T> ref, Duration timeout) {
    return getBefore(ref, deadline(timeout));
  }

  /** Resolves {@link ObjectRef#get()} of refs made for this job. */
  public io.stingray.raylet.context.ObjectGetter getter() {
    return getter;
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs) {
    return getAll(refs, Long.MAX_VALUE);
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, Duration timeout) {
    return getAll(refs, deadline(timeout));
  }

  private <T> List<T> getAll(List<ObjectRef<T>> refs, long deadline) {
    Objects.requireNonNull(refs, "refs");
    List<T> values = new ArrayList<>(refs.size());
    for (ObjectRef<T> r : refs) {
      values.add(getBefore(r, deadline));
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private <T> T getBefore(ObjectRef<T> ref, long deadline) {
    Objects.requireNonNull(ref, "ref");
    CompletableFuture<ObjectValue> f = futureOf(ref);
    ObjectValue v = f.getNow(null);
    if (v == null) {
      v = await(ref, f, deadline);
    }
    T value = (T) node.codec().decode(ref.id(), v, job);
    Reference.reachabilityFence(ref);
    return value;
  }

  private CompletableFuture<ObjectValue> futureOf(ObjectRef<?> ref) {
    CompletableFuture<ObjectValue> f = node.table().futureOf(ref);
    if (f == null) {
      throw new ObjectLostException(
          "object "
              + ref.id().hex()
              + " is not known on this node: it was freed or its owner is gone");
    }
    return f;
  }

  private ObjectValue await(ObjectRef<?> ref, CompletableFuture<ObjectValue> f, long deadline) {
    ResourceSet held = blockWorker();
    try {
      if (deadline == Long.MAX_VALUE) {
        return f.get();
      }
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      io.stingray.raylet.object.ObjectTable.Entry entry = node.table().entry(ref.id());
      String where =
          entry != null
                  && entry.producer() instanceof io.stingray.raylet.object.ObjectTable.Progress p
              ? ": " + p.progress()
              : "";
      throw new GetTimeoutException(
          "object " + ref.id().hex() + " was not ready within the timeout" + where);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("interrupted while waiting for object " + ref.id().hex(), e);
    } catch (ExecutionException e) {
      throw new RayException("object " + ref.id().hex() + " failed: " + e.getCause(), e);
    } finally {
      unblockWorker(held);
    }
  }

  private ResourceSet blockWorker() {
    WorkerContext w = WorkerContext.current();
    if (w == null || w.held().isEmpty()) {
      return ResourceSet.EMPTY;
    }
    node.scheduler().blocked(w.held());
    return w.held();
  }

  private void unblockWorker(ResourceSet held) {
    if (!held.isEmpty()) {
      node.scheduler().unblocked(held);
    }
  }

  private static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    long nanos =
        timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
    return System.nanoTime() + nanos;
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs) {
    Objects.requireNonNull(refs, "refs");
    return waitUntil(refs, refs.size(), Long.MAX_VALUE);
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
    return wait(refs, numReturns, timeout, true);
  }

  @Override
  public <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, Duration timeout, boolean fetchLocal) {
    Objects.requireNonNull(refs, "refs");
    return waitUntil(refs, numReturns, deadline(timeout));
  }

  private <T> WaitResult<T> waitUntil(List<ObjectRef<T>> refs, int numReturns, long deadline) {
    if (refs.isEmpty()) {
      return new WaitResult<>(List.of(), List.of());
    }
    if (numReturns < 1 || numReturns > refs.size()) {
      throw new IllegalArgumentException(
          "numReturns must be between 1 and "
              + refs.size()
              + " (the number of refs), got "
              + numReturns);
    }
    List<CompletableFuture<ObjectValue>> futures = new ArrayList<>(refs.size());
    int ready = 0;
    for (ObjectRef<T> r : refs) {
      CompletableFuture<ObjectValue> f = node.table().futureOf(Objects.requireNonNull(r, "ref"));
      CompletableFuture<ObjectValue> lost =
          CompletableFuture.completedFuture(
              new ObjectValue.Failed(new ObjectLostException("lost")));
      futures.add(f == null ? lost : f);
      if (f == null || f.isDone()) {
        ready++;
      }
    }
    if (ready < numReturns) {
      CountDownLatch latch = new CountDownLatch(numReturns - ready);
      for (CompletableFuture<ObjectValue> f : futures) {
        if (!f.isDone()) {
          f.whenComplete((v, e) -> latch.countDown());
        }
      }
      ResourceSet held = blockWorker();
      try {
        long left = deadline - System.nanoTime();
        if (deadline == Long.MAX_VALUE) {
          latch.await();
        } else if (left > 0) {
          latch.await(left, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RayException("interrupted in wait", e);
      } finally {
        unblockWorker(held);
      }
    }
    List<ObjectRef<T>> readyList = new ArrayList<>();
    List<ObjectRef<T>> unready = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      if (futures.get(i).isDone() && readyList.size() < numReturns) {
        readyList.add(refs.get(i));
      } else {
        unready.add(refs.get(i));
      }
    }
    return new WaitResult<>(readyList, unready);
  }

  @Override
  public void cancel(ObjectRef<?> ref) {
    cancel(ref, false, true);
  }

  @Override
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    node.tasks().cancel(Objects.requireNonNull(ref, "ref"), force, recursive);
  }

  // ---- placement groups

  @Override
  public PlacementGroupCreator placementGroup(
      List<Map<String, Double>> bundles, PlacementStrategy strategy) {
    return node.placementGroups().creator(bundles, strategy, runtime.namespace());
  }

  @Override
  public Optional<PlacementGroup> getPlacementGroup(String name) {
    return node.placementGroups().byName(runtime.namespace(), Objects.requireNonNull(name, "name"));
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    node.placementGroups().remove(Objects.requireNonNull(id, "id"));
  }

  // ---- cluster

  @Override
  public RuntimeContext runtimeContext() {
    return runtime;
  }

  @Override
  public Map<String, Double> clusterResources() {
    return node.clusterResources();
  }

  @Override
  public Map<String, Double> availableResources() {
    return node.availableResources();
  }

  @Override
  public void close() {
    // the job's shared context lives as long as the job
  }
}
