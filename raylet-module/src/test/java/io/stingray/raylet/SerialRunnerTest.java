package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Membership events one at a time and in order, whatever threads hand them in. */
class SerialRunnerTest {
  @Test
  void manySubmittersTasksRunOneAtATimeEachSubmittersInItsOrderNoneLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ExecutorService submitters = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        SerialRunner runner = new SerialRunner(pool);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        int perSubmitter = 500 + round * 100;
        for (int s = 0; s < 8; s++) {
          int submitter = s;
          seen.put(submitter, new ArrayList<>());
          submitters.execute(
              () -> {
                for (int i = 0; i < perSubmitter; i++) {
                  int seq = i;
                  runner.execute(
                      () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        seen.get(submitter).add(seq); // safe: never two at once
                        running.decrementAndGet();
                        done.incrementAndGet();
                      });
                }
              });
        }
        NodeFixture.await(
            "every task ran", Duration.ofSeconds(30), () -> done.get() == 8 * perSubmitter);
        assertThat(most.get()).as("round %d: at most one at a time", round).isEqualTo(1);
        for (List<Integer> order : seen.values()) {
          assertThat(order).hasSize(perSubmitter).isSorted();
        }
      }
    } finally {
      submitters.shutdownNow();
      pool.shutdownNow();
    }
  }

  @Test
  void aTaskTheExecutorRefusedRunsWithTheNextOne() {
    AtomicInteger refuse = new AtomicInteger(1);
    List<Runnable> accepted = new ArrayList<>();
    SerialRunner runner =
        new SerialRunner(
            r -> {
              if (refuse.getAndDecrement() > 0) {
                throw new RejectedExecutionException("busy");
              }
              accepted.add(r);
            });
    List<String> ran = new ArrayList<>();
    runner.execute(() -> ran.add("first")); // refused: stays queued
    assertThat(ran).isEmpty();
    runner.execute(() -> ran.add("second"));
    accepted.remove(0).run();
    assertThat(ran).containsExactly("first", "second");
  }
}
