package io.stingray.raylet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The node's scheduler without a cluster, on executors that run work when told to. */
class LocalSchedulerTest {
  /** Work that records whether it ran or why it was abandoned. */
  static final class Recorded implements LocalScheduler.Work {
    boolean ran;
    RuntimeException abandoned;

    @Override
    public ResourceSet demand() {
      return ResourceSet.ONE_CPU;
    }

    @Override
    public void run() {
      ran = true;
    }

    @Override
    public void abandon(RuntimeException why) {
      abandoned = why;
    }
  }

  @Test
  void workAnExecutorRefusesIsAbandonedWithItsResourcesBack() {
    AtomicBoolean refuse = new AtomicBoolean(true);
    List<Runnable> accepted = new ArrayList<>();
    Executor workManager =
        r -> {
          if (refuse.get()) {
            throw new RejectedExecutionException("the WorkManager refused work: pool full");
          }
          accepted.add(r);
        };
    LocalScheduler scheduler = new LocalScheduler(Map.of("CPU", 2.0), workManager);
    Recorded refused = new Recorded();
    scheduler.submit(refused, true);

    assertThat(refused.ran).isFalse();
    assertThat(refused.abandoned)
        .as("failed with the reason, not left waiting")
        .isNotNull()
        .hasMessageContaining("refused")
        .hasMessageContaining("pool full");
    assertThat(scheduler.available()).as("its CPU is back").containsEntry("CPU", 2.0);

    refuse.set(false);
    Recorded later = new Recorded();
    scheduler.submit(later, true);
    accepted.forEach(Runnable::run);
    assertThat(later.ran).as("the node still runs work once threads are given again").isTrue();
    assertThat(scheduler.available()).containsEntry("CPU", 2.0);
  }

  @Test
  void queuedWorkStartsInOrderAsResourcesFree() {
    List<Runnable> threads = new ArrayList<>();
    LocalScheduler scheduler = new LocalScheduler(Map.of("CPU", 1.0), threads::add);
    Recorded first = new Recorded();
    Recorded second = new Recorded();
    scheduler.submit(first, true);
    scheduler.submit(second, true);
    assertThat(threads).as("one CPU: one worker").hasSize(1);
    assertThat(scheduler.available()).containsEntry("CPU", 0.0);
    threads.get(0).run(); // the worker runs the first, then takes the second
    assertThat(first.ran).isTrue();
    assertThat(second.ran).isTrue();
    assertThat(scheduler.available()).containsEntry("CPU", 1.0);
  }
}
