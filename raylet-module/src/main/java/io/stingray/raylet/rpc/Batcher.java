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
 * synchronous calls pay no hand-off. The stream's flow control is respected: while it is not ready,
 * messages stay queued here (not in gRPC's buffers) until {@link #resume} (its on-ready callback).
 * Thread-safe; never blocks.
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
  private final java.util.function.BooleanSupplier ready;

  /**
   * @param sink sends one batch; called by one thread at a time, batches in queue order
   */
  Batcher(Executor executor, ToIntFunction<T> size, int maxBytes, Consumer<List<T>> sink) {
    this(executor, size, maxBytes, sink, () -> true);
  }

  /**
   * @param ready whether the stream takes more now ({@code isReady()}); when it turns true again,
   *     call {@link #resume}
   */
  Batcher(
      Executor executor,
      ToIntFunction<T> size,
      int maxBytes,
      Consumer<List<T>> sink,
      java.util.function.BooleanSupplier ready) {
    this.executor = executor;
    this.size = size;
    this.maxBytes = maxBytes;
    this.sink = sink;
    this.ready = ready;
  }

  /** The stream is ready again: sends what waited (on the executor). */
  void resume() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException refused) {
        drain();
      }
    }
  }

  /** Messages waiting to be sent. */
  int queued() {
    return queue.size();
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
      if (!ready.getAsBoolean()) {
        draining.set(false);
        // the stream may have turned ready between the check and now: its resume() saw draining
        if (queue.isEmpty() || !ready.getAsBoolean() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
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
