package io.stingray.raylet.actor;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorId;
import io.stingray.api.ActorTaskCaller;
import io.stingray.api.ObjectRef;
import io.stingray.api.VoidActorTaskCaller;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.context.Job;

/**
 * {@link ActorHandle}: the actor's id plus the node runtime and the job that calls through it.
 * Handles travel inside arguments as their id and are rebound on the receiving side.
 */
public final class ActorHandleImpl<A> implements ActorHandle<A> {
  private static final long serialVersionUID = 1L;
  private final ActorId id;
  private final transient ActorManager manager;
  private final transient Job job;

  ActorHandleImpl(ActorId id, ActorManager manager, Job job) {
    this.id = id;
    this.manager = manager;
    this.job = job;
  }

  @Override
  public ActorId id() {
    return id;
  }

  @Override
  public <R> ActorTaskCaller<R> submitCall(Invocation invocation) {
    return new Caller<>(invocation);
  }

  @Override
  public VoidActorTaskCaller submitVoidCall(Invocation invocation) {
    Caller<Void> c = new Caller<>(invocation);
    return new VoidActorTaskCaller() {
      @Override
      public VoidActorTaskCaller setMaxRetries(int n) {
        c.setMaxRetries(n);
        return this;
      }

      @Override
      public ObjectRef<Void> remote() {
        return c.remote();
      }
    };
  }

  @Override
  public void kill() {
    kill(true);
  }

  @Override
  public void kill(boolean noRestart) {
    manager.kill(id, noRestart);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorHandleImpl<?> h && h.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ActorHandle(" + id.hex() + ")";
  }

  /** One call's options. */
  private final class Caller<R> implements ActorTaskCaller<R> {
    private final Invocation invocation;
    private int maxRetries = Integer.MIN_VALUE; // unset: the actor's maxTaskRetries

    Caller(Invocation invocation) {
      this.invocation = invocation;
    }

    @Override
    public ActorTaskCaller<R> setMaxRetries(int n) {
      maxRetries = ActorOptions.atLeastMinusOne("maxRetries", n);
      return this;
    }

    @Override
    public ObjectRef<R> remote() {
      return manager.call(id, job, invocation, maxRetries);
    }
  }
}
