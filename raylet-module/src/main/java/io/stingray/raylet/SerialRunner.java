package io.stingray.raylet;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in the order given, on threads of an executor (membership events). */
final class SerialRunner implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialRunner.class);
  private final Executor executor;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  SerialRunner(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    drainSoon();
  }

  private void drainSoon() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        draining.set(false); // the next event tries again
        LOG.warn("membership events wait: the executor refused them: {}", e.toString());
      }
    }
  }

  private void drain() {
    try {
      Runnable next;
      while ((next = queue.poll()) != null) {
        try {
          next.run();
        } catch (RuntimeException e) {
          LOG.error("a membership event failed: {}", e.toString(), e);
        }
      }
    } finally {
      draining.set(false);
      drainSoon(); // one added after the last poll
    }
  }
}
