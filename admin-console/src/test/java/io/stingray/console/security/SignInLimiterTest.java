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
}
