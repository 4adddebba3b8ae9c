package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.gcs.ActorRecord;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Calls to actors whose node was lost, waiting for their actor to be alive elsewhere. Nothing waits
 * on a thread: a call is tried again when the GCS reports a change of its actor's row ({@link
 * #check}) and on every heartbeat ({@link #checkAll}), and given up after its deadline. Calls to
 * one actor are tried in the order they were added, and a later one never goes before an earlier
 * one that still waits. Thread-safe.
 */
final class Relocations {
  /** One waiting call. */
  interface Attempt {
    /**
     * Tries the call against the actor's current row (null if the GCS has none).
     *
     * @return true if done with it (sent again, or failed for good)
     */
    boolean tryNow(ActorRecord current);

    /** The deadline passed: fail the call. */
    void giveUp();
  }

  private record Waiter(Attempt attempt, long deadline) {}

  private final ConcurrentHashMap<ActorId, ArrayDeque<Waiter>> waiting = new ConcurrentHashMap<>();
  private final Function<ActorId, ActorRecord> rows;
  private final java.util.concurrent.Executor executor;

  /**
   * @param rows an actor's row in the GCS, or null if it has none; may throw if the GCS cannot be
   *     read now (the calls are tried again on the next check)
   */
  Relocations(Function<ActorId, ActorRecord> rows, java.util.concurrent.Executor executor) {
    this.rows = rows;
    this.executor = executor;
  }

  /**
   * Adds a call that waits up to {@code timeoutMillis}, and tries it soon on the executor (not on
   * the caller's thread: an attempt that fails at once adds its call again from inside {@link
   * #check}).
   */
  void add(ActorId actor, Attempt attempt, long timeoutMillis) {
    Waiter w = new Waiter(attempt, System.nanoTime() + timeoutMillis * 1_000_000);
    while (true) {
      ArrayDeque<Waiter> q = waiting.computeIfAbsent(actor, a -> new ArrayDeque<>());
      synchronized (q) {
        if (waiting.get(actor) == q) { // not emptied and dropped by check() meanwhile
          q.add(w);
          break;
        }
      }
    }
    try {
      executor.execute(() -> check(actor));
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      // the heartbeat's checkAll tries it within a second
    }
  }

  /** Whether calls to this actor wait. */
  boolean waitsFor(ActorId actor) {
    return waiting.containsKey(actor);
  }

  /** Tries the waiting calls of one actor against its row now. */
  void check(ActorId actor) {
    ArrayDeque<Waiter> q = waiting.get(actor);
    if (q == null) {
      return;
    }
    synchronized (q) { // calls to one actor in order, by one thread at a time
      ActorRecord row;
      try {
        row = rows.apply(actor);
      } catch (RuntimeException unreadable) { // the GCS is busy or closing: the next check
        return;
      }
      long now = System.nanoTime();
      while (!q.isEmpty()) {
        Waiter w = q.poll(); // off the queue before it is tried: a retry adds a new waiter
        if (now - w.deadline() > 0) {
          w.attempt().giveUp();
        } else if (!w.attempt().tryNow(row)) {
          q.addFirst(w); // not back yet: it and every later call keep waiting, in order
          break;
        }
      }
      if (q.isEmpty()) {
        waiting.remove(actor, q);
      }
    }
  }

  /** Tries every waiting call (the heartbeat's safety net for a missed change). */
  void checkAll() {
    for (ActorId actor : List.copyOf(waiting.keySet())) {
      check(actor);
    }
  }

  /** Calls to this actor waiting now. */
  int waiting(ActorId actor) {
    ArrayDeque<Waiter> q = waiting.get(actor);
    if (q == null) {
      return 0;
    }
    synchronized (q) {
      return q.size();
    }
  }

  /** Calls waiting now. */
  int size() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
