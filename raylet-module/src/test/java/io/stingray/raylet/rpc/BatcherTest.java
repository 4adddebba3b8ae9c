package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Batching of messages on one stream, without a stream. */
class BatcherTest {
  @Test
  void aRefusingExecutorNeitherLosesMessagesNorWedgesTheBatcher() {
    List<List<Integer>> sent = new ArrayList<>();
    Batcher<Integer> batcher =
        new Batcher<>(
            r -> {
              throw new RejectedExecutionException("the WorkManager refused work");
            },
            i -> 4,
            1 << 20,
            sent::add);
    for (int i = 0; i < 1000; i++) {
      batcher.add(i); // back to back: a flow, handed to the executor, which refuses
    }
    List<Integer> all = new ArrayList<>();
    sent.forEach(all::addAll);
    assertThat(all).as("every message sent, in order").hasSize(1000).isSorted();
  }

  @Test
  void whileTheStreamIsNotReadyMessagesWaitAndGoInOrderOnResume() {
    List<Integer> sent = new ArrayList<>();
    boolean[] ready = {true};
    Batcher<Integer> batcher =
        new Batcher<>(Runnable::run, i -> 4, 1 << 20, sent::addAll, () -> ready[0]);
    batcher.add(1);
    ready[0] = false; // the peer reads slowly: gRPC's buffer is full
    batcher.add(2);
    batcher.add(3);
    assertThat(sent).containsExactly(1);
    assertThat(batcher.queued()).isEqualTo(2);
    ready[0] = true;
    batcher.resume(); // the stream's on-ready callback
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(batcher.queued()).isZero();
  }
}
