package io.stingray.raylet.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Bounds the bytes of objects this node is receiving over object ports at once, as Ray's pull
 * manager bounds pulls by the memory they need: a pull whose bytes would take the total over the
 * bound waits, in the order pulls asked, until earlier ones are done (no thread waits: the grant
 * completes a future). A pull larger than the bound alone goes when nothing else is in flight, so
 * none waits forever. Thread-safe: one lock, held only to count.
 */
public final class PullBudget {
  private final long max;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private long inFlight;
  private long peak;
  private long queuedEver;

  private record Waiter(long bytes, CompletableFuture<Void> granted) {}

  /**
   * @param max the most bytes in flight at once (a single larger pull still goes, alone)
   * @throws IllegalArgumentException if {@code max} is not positive
   */
  public PullBudget(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("the pull budget must be positive, got " + max);
    }
    this.max = max;
  }

  /**
   * Asks for {@code bytes}; the future completes once they are granted (at once if there is room
   * and nobody waits before). Every grant must be {@link #release released}.
   */
  public CompletableFuture<Void> acquire(long bytes) {
    CompletableFuture<Void> granted = new CompletableFuture<>();
    synchronized (this) {
      if (waiting.isEmpty() && fits(bytes)) {
        take(bytes);
        return CompletableFuture.completedFuture(null);
      }
      queuedEver++;
      waiting.add(new Waiter(bytes, granted));
    }
    return granted;
  }

  /** Gives back {@code bytes} granted before, and grants waiting pulls that now fit. */
  public void release(long bytes) {
    java.util.List<CompletableFuture<Void>> grant = new java.util.ArrayList<>();
    synchronized (this) {
      inFlight -= bytes;
      while (!waiting.isEmpty() && fits(waiting.peek().bytes())) {
        Waiter w = waiting.poll();
        take(w.bytes());
        grant.add(w.granted());
      }
    }
    grant.forEach(g -> g.complete(null)); // outside the lock: what follows may acquire again
  }

  private boolean fits(long bytes) {
    return inFlight == 0 || bytes <= max - inFlight; // no overflow for a size near 2^63
  }

  private void take(long bytes) {
    inFlight += bytes;
    peak = Math.max(peak, inFlight);
  }

  /** The bound. */
  public long max() {
    return max;
  }

  /** Bytes granted and not released. */
  public synchronized long inFlight() {
    return inFlight;
  }

  /** The most bytes ever granted at once. */
  public synchronized long peak() {
    return peak;
  }

  /** Pulls waiting now. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** Pulls that ever had to wait. */
  public synchronized long queuedEver() {
    return queuedEver;
  }
}
