package io.stingray.raylet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A forced cancel reaches the work it is meant for, never the next work on the same thread. */
class RunningThreadTest {
  @Test
  void anInterruptReachesRunningWorkOnly() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      RunningThread first = new RunningThread();
      CountDownLatch started = new CountDownLatch(1);
      Future<Boolean> interrupted =
          worker.submit(
              () -> {
                first.enter();
                started.countDown();
                try {
                  Thread.sleep(30_000);
                  return false;
                } catch (InterruptedException e) {
                  return true;
                } finally {
                  first.leave();
                }
              });
      started.await();
      assertThat(first.interrupt()).isTrue();
      assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();

      RunningThread second = new RunningThread();
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      Future<Boolean> next =
          worker.submit(
              () -> {
                second.enter();
                running.countDown();
                try {
                  finish.await(); // the same thread, now running other work
                  return Thread.currentThread().isInterrupted();
                } finally {
                  second.leave();
                }
              });
      running.await();
      assertThat(first.interrupt()).as("the first work is over").isFalse();
      finish.countDown();
      assertThat(next.get(10, TimeUnit.SECONDS)).as("the second work was interrupted").isFalse();
    } finally {
      worker.shutdownNow();
    }
  }

  /**
   * Cancels race with the end of each work on two reused threads, many times: work that was not the
   * target of an interrupt must never see one.
   */
  @Test
  void cancelsRacingWithTheEndOfWorkNeverHitTheNextWork() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    ExecutorService cancellers = Executors.newFixedThreadPool(2);
    AtomicInteger wronglyInterrupted = new AtomicInteger();
    try {
      BlockingQueue<RunningThread> justStarted = new ArrayBlockingQueue<>(10_000);
      CountDownLatch done = new CountDownLatch(5_000);
      for (int i = 0; i < 5_000; i++) {
        boolean target = i % 2 == 0;
        workers.execute(
            () -> {
              if (Thread.currentThread().isInterrupted()) {
                wronglyInterrupted.incrementAndGet(); // an interrupt meant for earlier work
              }
              RunningThread r = new RunningThread();
              r.enter();
              if (target) {
                justStarted.add(r);
              }
              Thread.onSpinWait();
              r.leave();
              done.countDown();
            });
      }
      for (int c = 0; c < 2; c++) {
        cancellers.execute(
            () -> {
              try {
                while (done.getCount() > 0) {
                  RunningThread r = justStarted.poll(10, TimeUnit.MILLISECONDS);
                  if (r != null) {
                    r.interrupt();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(wronglyInterrupted).hasValue(0);
    } finally {
      workers.shutdownNow();
      cancellers.shutdownNow();
    }
  }
}
