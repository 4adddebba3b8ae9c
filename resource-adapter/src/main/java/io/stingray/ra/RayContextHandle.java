package io.stingray.ra;

import io.stingray.api.RayContext;
import io.stingray.api.spi.ForwardingRayContext;
import io.stingray.api.spi.JobBound;
import io.stingray.raylet.context.Job;

/**
 * A JCA connection handle: a {@link RayContext} for one application's job until {@link #close()}.
 * Every call on a closed handle throws {@link IllegalStateException}. Thread-safe.
 */
public final class RayContextHandle extends ForwardingRayContext implements JobBound {
  private volatile RayManagedConnection connection;
  private final Job job;
  private final ConnectionCounts counts;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param counts where the handle counts itself open until closed; null outside a container
   */
  RayContextHandle(RayManagedConnection connection, Job job, ConnectionCounts counts) {
    this.connection = connection;
    this.job = job;
    this.counts = counts;
    if (counts != null) {
      counts.handleOpened();
    }
  }

  /** Moves this handle to another managed connection; the one it had. */
  RayManagedConnection reassociate(RayManagedConnection mc) {
    RayManagedConnection old = connection;
    connection = mc;
    return old;
  }

  /** Closed by the container (its managed connection was cleaned up or destroyed). */
  void invalidate() {
    markClosed();
  }

  /** True for the one call that closes this handle. */
  private boolean markClosed() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    if (counts != null) {
      counts.handleClosed();
    }
    return true;
  }

  private RayContext ctx() {
    if (closed.get()) {
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
    StingrayResourceAdapter.endJob(job);
  }

  @Override
  public void close() {
    if (markClosed()) {
      RayManagedConnection mc = connection;
      if (mc != null) {
        mc.handleClosed(this);
      }
    }
  }

  @Override
  protected <T> T call(java.util.function.Function<RayContext, T> op) {
    return op.apply(ctx());
  }
}
