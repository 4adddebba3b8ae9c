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
 * per batch. A message that comes after a pause is sent at once by its caller (one per batch), so
 * synchronous calls pay no hand-off. Thread-safe.
 */
final class Batcher<T> {
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Messages closer together than this are a flow worth batching. */
  private static final long BUSY_GAP_NANOS = 50_000;

  private volatile long lastAdd;
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
    long now = System.nanoTime();
    boolean busy = now - lastAdd < BUSY_GAP_NANOS;
    lastAdd = now;
    queue.add(item);
    if (draining.compareAndSet(false, true)) {
      if (busy) {
        try {
          executor.execute(this::drain); // a flow: let more queue up behind this one
        } catch (java.util.concurrent.RejectedExecutionException refused) {
          drain(); // no thread to hand off to: the caller sends, nothing stays queued
        }
      } else {
        drain(); // a lone message (a synchronous call): no hand-off, no added latency
      }
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
