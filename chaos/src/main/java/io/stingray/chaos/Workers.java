package io.stingray.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The threads of one node's workload, each running its loop while {@link #running}, and when each
 * one's current operation started (so that an operation running too long shows in the views).
 * Shared by {@link Workload} and {@link MicroWork}. Thread-safe.
 */
final class Workers {
  private final String name;
  private final AtomicLongArray startedAt;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  Workers(String name, int count) {
    this.name = name;
    this.startedAt = new AtomicLongArray(count);
  }

  /** Starts the threads, each running {@code loop} with its index; nothing if they run. */
  synchronized void start(IntConsumer loop) {
    if (running) {
      return;
    }
    running = true;
    threads.clear();
    for (int i = 0; i < startedAt.length(); i++) {
      int w = i;
      Thread t = new Thread(() -> loop.accept(w), name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Asks the threads to stop after their current operation and waits for them. */
  synchronized void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join();
    }
    threads.clear();
  }

  /** Whether the loops should go on. */
  boolean running() {
    return running;
  }

  /** Worker {@code worker} started an operation at {@code t} (epoch millis), or ended one (0). */
  void started(int worker, long t) {
    startedAt.set(worker, t);
  }

  /** When the oldest operation in flight started (epoch millis); 0 when none runs. */
  long oldestStart() {
    long oldest = 0;
    for (int i = 0; i < startedAt.length(); i++) {
      long s = startedAt.get(i);
      if (s != 0 && (oldest == 0 || s < oldest)) {
        oldest = s;
      }
    }
    return oldest;
  }
}
