package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Request handlers off the transport threads: bounds, order, and a handler that throws. */
class HandlerExecutorTest {
  final List<Runnable> threads = new ArrayList<>(); // each entry: one worker thread's task

  void runThreads() {
    while (!threads.isEmpty()) {
      threads.remove(0).run();
    }
  }

  @Test
  void aHandlerThatThrowsNeitherLosesTheNextNorItsSlot() {
    HandlerExecutor h = new HandlerExecutor(threads::add, 1, 10);
    List<String> ran = new ArrayList<>();
    h.execute(
        () -> {
          throw new IllegalStateException("a bad request");
        });
    h.execute(() -> ran.add("second"));
    runThreads();
    assertThat(ran).containsExactly("second");
    h.execute(() -> ran.add("third")); // the slot is free again
    runThreads();
    assertThat(ran).containsExactly("second", "third");
  }

  @Test
  void moreThanTheQueueHoldsIsRefusedWithAReason() {
    HandlerExecutor h = new HandlerExecutor(threads::add, 1, 2);
    h.execute(() -> {}); // running
    h.execute(() -> {});
    h.execute(() -> {});
    assertThatThrownBy(() -> h.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("wait already");
  }

  @Test
  void aSerialExecutorRunsInOrderOneAtATimeWithinItsBound() {
    HandlerExecutor h = new HandlerExecutor(threads::add, 4, 100);
    Executor stream = h.serial(3);
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      stream.execute(() -> ran.add(n));
    }
    assertThatThrownBy(() -> stream.execute(() -> ran.add(99)))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(threads).as("one drainer for the stream").hasSize(1);
    runThreads();
    assertThat(ran).containsExactly(0, 1, 2);
  }
}
