package io.stingray.raylet.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gRPC request handlers off the transport (Netty event loop) threads, so that a slow handler
 * (a GCS write under a lock, a restore from spill, deserialization) never stalls a connection: at
 * most {@code parallel} handlers at once on the node's executor, the rest queued in arrival order
 * up to {@code maxQueued}, beyond which {@link #execute} refuses. {@link #serial()} gives an
 * executor that runs its tasks one at a time in order (one per stream whose order matters), on the
 * same bound, with a bound of its own. A task that throws is logged and does not take its slot or
 * the tasks behind it with it. Thread-safe.
 */
final class HandlerExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerExecutor.class);
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
    start(task);
  }

  private void start(Runnable task) {
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
      Runnable current = next;
      boolean returned = false;
      try {
        current.run();
        returned = true;
      } catch (RuntimeException e) {
        LOG.warn("a request handler failed: {}", e.toString());
        returned = true;
      } finally {
        if (!returned) { // an Error ends this thread's loop: another thread takes the queue on
          handOver();
        }
      }
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running--;
        }
      }
    }
  }

  /** Gives this runner's slot to the next queued task, on a new thread. */
  private void handOver() {
    Runnable after;
    synchronized (this) {
      after = queue.poll();
      if (after == null) {
        running--;
        return;
      }
    }
    try {
      executor.execute(() -> runFrom(after));
    } catch (RejectedExecutionException refused) {
      synchronized (this) {
        running--;
      }
      LOG.error("a request was dropped: no worker thread would take it ({})", refused.getMessage());
    }
  }

  /**
   * An executor whose tasks run one at a time, in the order given, on this one's threads; it
   * refuses beyond {@code maxQueued} waiting tasks of its own.
   */
  Executor serial(int maxQueued) {
    return new Serial(maxQueued);
  }

  /** One ordered queue drained by at most one task of the outer executor at a time. */
  private final class Serial implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final int limit;
    private boolean draining; // guarded by this

    Serial(int limit) {
      this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        if (tasks.size() >= limit) {
          throw new RejectedExecutionException(
              tasks.size() + " requests of this stream wait already");
        }
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
          // tasks queued meanwhile by others stay: the next execute() starts a drain for them
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
        boolean returned = false;
        try {
          t.run();
          returned = true;
        } catch (RuntimeException e) { // never leave the queue draining with no drainer
          LOG.warn("a request handler failed: {}", e.toString());
          returned = true;
        } finally {
          if (!returned) {
            synchronized (this) {
              draining = false; // an Error: the next execute() starts a new drain
            }
          }
        }
      }
    }
  }
}
