package io.stingray.raylet.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Turns a flow of messages into batches for one stream: callers queue without waiting, one drainer
 * at a time (on the executor) sends what queued up meanwhile, in order, at most {@code maxBytes}
 * per batch. When the stream is idle a batch holds one message. Thread-safe.
 */
final class Batcher<T> {
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Executor executor;
  private final ToIntFunction<T> size;
  private final int maxBytes;
  private final Consumer<List<T>> sink;

  /**
   * @param sink sends one batch; called by one thread at a time, batches in queue order
   */
  Batcher(Executor executor, ToIntFunction<T> size, int maxBytes, Consumer<List<T>> sink) {
    this.executor = executor;
    this.size = size;
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void add(T item) {
    queue.add(item);
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      List<T> batch = new ArrayList<>();
      int bytes = 0;
      T next;
      while ((next = queue.peek()) != null) {
        int s = size.applyAsInt(next);
        if (!batch.isEmpty() && bytes + s > maxBytes) {
          break;
        }
        queue.poll();
        batch.add(next);
        bytes += s;
      }
      if (!batch.isEmpty()) {
        sink.accept(batch);
        continue;
      }
      draining.set(false);
      if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
        return; // nothing left, or another drainer took over
      }
    }
  }
}
