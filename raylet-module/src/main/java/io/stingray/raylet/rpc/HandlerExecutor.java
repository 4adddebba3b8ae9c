package io.stingray.raylet.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs gRPC request handlers off the transport (Netty event loop) threads, so that a slow handler
 * (a GCS write under a lock, a restore from spill, deserialization) never stalls a connection: at
 * most {@code parallel} handlers at once on the node's executor, the rest queued in arrival order
 * up to {@code maxQueued}, beyond which {@link #execute} refuses. {@link #serial()} gives an
 * executor that runs its tasks one at a time in order (one per stream whose order matters), on the
 * same bound. Thread-safe.
 */
final class HandlerExecutor implements Executor {
  private final Executor executor;
  private final int parallel;
  private final int maxQueued;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private int running; // guarded by this

  HandlerExecutor(Executor executor, int parallel, int maxQueued) {
    this.executor = executor;
    this.parallel = parallel;
    this.maxQueued = maxQueued;
  }

  /**
   * Runs {@code task} soon on a worker thread.
   *
   * @throws RejectedExecutionException if {@code maxQueued} tasks wait already, or the node's
   *     executor refuses
   */
  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (running >= parallel) {
        if (queue.size() >= maxQueued) {
          throw new RejectedExecutionException(
              queue.size() + " requests of other nodes wait already for a worker thread");
        }
        queue.add(task);
        return;
      }
      running++;
    }
    try {
      executor.execute(() -> runFrom(task));
    } catch (RejectedExecutionException refused) {
      synchronized (this) {
        running--;
      }
      throw refused;
    }
  }

  private void runFrom(Runnable first) {
    Runnable next = first;
    while (next != null) {
      try {
        next.run();
      } finally {
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            running--;
          }
        }
      }
    }
  }

  /** An executor whose tasks run one at a time, in the order given, on this one's threads. */
  Executor serial() {
    return new Serial();
  }

  /** One ordered queue drained by at most one task of the outer executor at a time. */
  private final class Serial implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining; // guarded by this

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        tasks.add(task);
        if (draining) {
          return;
        }
        draining = true;
      }
      try {
        HandlerExecutor.this.execute(this::drain);
      } catch (RejectedExecutionException refused) {
        synchronized (this) {
          tasks.remove(task);
          draining = false;
        }
        throw refused;
      }
    }

    private void drain() {
      while (true) {
        Runnable t;
        synchronized (this) {
          t = tasks.poll();
          if (t == null) {
            draining = false;
            return;
          }
        }
        try {
          t.run();
        } catch (RuntimeException e) { // never leave the queue draining with no drainer
          org.slf4j.LoggerFactory.getLogger(HandlerExecutor.class)
              .warn("a request handler failed: {}", e.toString());
        }
      }
    }
  }
}
