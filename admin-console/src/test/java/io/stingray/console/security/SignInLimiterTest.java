package io.stingray.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Password guessing against one name slows to a few tries a minute. */
class SignInLimiterTest {
  long now = 1_000_000;
  final SignInLimiter limiter = new SignInLimiter(() -> now);

  @Test
  void aNameIsLockedAfterFiveFailuresInAMinuteUntilTheyAge() {
    for (int i = 0; i < SignInLimiter.MAX_FAILURES - 1; i++) {
      limiter.failed("ada");
      now += 1_000;
    }
    assertThat(limiter.locked("ada")).isFalse();
    limiter.failed("ada");
    assertThat(limiter.locked("ada")).isTrue();
    assertThat(limiter.locked("vera")).as("other names are not affected").isFalse();
    now += SignInLimiter.WINDOW_MILLIS - 3_000; // the first failure has aged out
    assertThat(limiter.locked("ada")).isFalse();
  }

  @Test
  void aSuccessForgetsFailuresAndManyNamesDoNotGrowWithoutBound() {
    limiter.failed("ada");
    limiter.succeeded("ada");
    for (int i = 0; i < SignInLimiter.MAX_FAILURES - 1; i++) {
      limiter.failed("ada");
    }
    assertThat(limiter.locked("ada")).isFalse();
    for (int i = 0; i < SignInLimiter.MAX_NAMES + 100; i++) {
      limiter.failed("guess-" + i);
    }
    now += SignInLimiter.WINDOW_MILLIS;
    limiter.failed("late"); // old names are forgotten to make room
    assertThat(limiter.locked("guess-1")).isFalse();
  }

  @Test
  void guessesCheckedSideBySideGetNoMoreTriesThanOneAfterAnother() throws Exception {
    SignInLimiter limiter = new SignInLimiter(() -> 1_000L);
    int threads = 64;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger admitted =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(threads);
    java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Thread> all = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  boolean in = limiter.begin("admin");
                  if (in) {
                    admitted.incrementAndGet();
                  }
                  checked.countDown();
                  end.await(); // every guess is still being checked when the others begin
                  if (in) {
                    limiter.end("admin", true, true);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      all.add(t);
    }
    go.countDown();
    checked.await();
    end.countDown();
    for (Thread t : all) {
      t.join();
    }
    assertThat(admitted).hasValue(SignInLimiter.MAX_FAILURES);
    assertThat(limiter.begin("admin")).as("locked by the failures now").isFalse();
    assertThat(limiter.begin("someone-else")).isTrue();
  }
}
