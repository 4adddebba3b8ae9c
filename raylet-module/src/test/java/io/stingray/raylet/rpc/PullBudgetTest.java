package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pull budget grants in order, never over its bound but for one pull alone, and loses none. */
class PullBudgetTest {
  @Test
  void grantsInOrderUpToTheBoundAndALargerPullAlone() {
    PullBudget b = new PullBudget(10);
    assertThat(b.acquire(6)).isDone();
    CompletableFuture<Void> second = b.acquire(6); // 12 > 10: waits
    CompletableFuture<Void> small = b.acquire(1); // fits, but comes after: waits its turn
    CompletableFuture<Void> huge = b.acquire(25); // larger than the bound: alone, later
    assertThat(second).isNotDone();
    assertThat(small).isNotDone();
    b.release(6);
    assertThat(second).isDone();
    assertThat(small).isDone();
    assertThat(huge).isNotDone();
    b.release(6);
    assertThat(huge).isNotDone();
    b.release(1);
    assertThat(huge).isDone();
    assertThat(b.inFlight()).isEqualTo(25);
    b.release(25);
    assertThat(b.inFlight()).isZero();
    assertThat(b.peak()).isEqualTo(25);
    assertThatThrownBy(() -> new PullBudget(0)).hasMessageContaining("must be positive");
  }

  @Test
  void manyPullsOfRandomSizesOnManyThreadsNeverExceedTheBoundAndAllComplete() throws Exception {
    for (int round = 0; round < 20; round++) {
      Random random = new Random(round);
      long max = 1 + random.nextInt(1000);
      PullBudget b = new PullBudget(max);
      AtomicLong held = new AtomicLong();
      AtomicLong over = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        long bytes = random.nextInt(10) == 0 ? max + random.nextInt(500) : random.nextInt(200);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        done.add(finished);
        pool.execute(
            () ->
                b.acquire(bytes)
                    .thenRunAsync(
                        () -> {
                          long now = held.addAndGet(bytes);
                          if (now > max && now != bytes) {
                            over.incrementAndGet();
                          }
                          held.addAndGet(-bytes);
                          b.release(bytes);
                          finished.complete(null);
                        },
                        pool));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      pool.shutdown();
      assertThat(over.get()).as("round " + round + ": grants over the bound").isZero();
      assertThat(b.inFlight()).isZero();
      assertThat(b.waiting()).isZero();
    }
  }
}
