package io.stingray.raylet.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.RayFunction;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Functions are cached by their exact bytes, per job, within a bound. */
class FunctionCacheTest {
  private final AtomicInteger reads = new AtomicInteger();
  private final RayFunction fn =
      new RayFunction() {
        @Override
        public Object applyArgs(Object[] args) {
          return null;
        }

        @Override
        public int arity() {
          return 0;
        }
      };

  private RayFunction get(FunctionCache c, Object job, byte[] bytes) {
    return c.get(
        job,
        bytes,
        b -> {
          reads.incrementAndGet();
          return fn;
        },
        f -> true);
  }

  @Test
  void theSameBytesAreReadOnceAndBytesThatDifferAnywhereAreAnotherEntry() {
    FunctionCache c = new FunctionCache();
    Object job = new Object();
    get(c, job, new byte[] {1, 2, 3});
    get(c, job, new byte[] {1, 2, 3});
    assertThat(reads).hasValue(1);
    get(c, job, new byte[] {1, 2, 3, 0}); // a trailing byte: not the same function's bytes
    assertThat(reads).hasValue(2);
    get(c, new Object(), new byte[] {1, 2, 3}); // another job reads its own
    assertThat(reads).hasValue(3);
  }

  @Test
  void aJobThatMakesFunctionsEndlesslyStaysWithinTheBoundAndIsForgottenWhenItEnds() {
    FunctionCache c = new FunctionCache();
    Object job = new Object();
    for (int i = 0; i < FunctionCache.MAX_ENTRIES * 2 + 7; i++) {
      get(c, job, new byte[1 << 10]); // the same kilobyte: one entry
      get(c, job, java.nio.ByteBuffer.allocate(4).putInt(i).array());
      assertThat(c.size(job)).isLessThanOrEqualTo(FunctionCache.MAX_ENTRIES);
    }
    c.forget(job);
    assertThat(c.size(job)).isZero();
  }

  @Test
  void aFunctionThatKeepsStateIsReadEveryTime() {
    FunctionCache c = new FunctionCache();
    Object job = new Object();
    for (int i = 0; i < 3; i++) {
      c.get(
          job,
          new byte[] {9},
          b -> {
            reads.incrementAndGet();
            return fn;
          },
          f -> false);
    }
    assertThat(reads).hasValue(3);
    assertThat(c.size(job)).isZero();
  }
}
