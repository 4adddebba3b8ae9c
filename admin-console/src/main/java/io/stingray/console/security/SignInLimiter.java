package io.stingray.console.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed console sign-ins per user name: after {@link #MAX_FAILURES} within {@link #WINDOW_MILLIS},
 * that name is refused without its password being checked until the oldest of them leaves the
 * window, so that password guessing slows to a few tries a minute. Sign-ins being checked count
 * against the limit too ({@link #begin}, {@link #end}): guesses sent side by side get no more. (The
 * caller's address is not known to an identity store; a name under attack is locked for its own
 * user too.) Holds at most {@link #MAX_NAMES} names. Thread-safe.
 */
final class SignInLimiter {
  static final int MAX_FAILURES = 5;
  static final long WINDOW_MILLIS = 60_000;
  static final int MAX_NAMES = 10_000;

  private final Map<String, Deque<Long>> failures = new HashMap<>();
  // sign-ins begun and not yet ended, per name: they count against the limit while their password
  // is checked, so that many checked side by side cannot pass one name's limit
  private final Map<String, Integer> pending = new HashMap<>();
  private final LongSupplier clock;

  SignInLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /** Whether sign-ins as {@code name} are refused now. */
  synchronized boolean locked(String name) {
    Deque<Long> f = failures.get(name);
    if (f == null) {
      return false;
    }
    trim(f, clock.getAsLong());
    return f.size() >= MAX_FAILURES;
  }

  /**
   * Begins a sign-in as {@code name}: false (refused) if its recent failures and the sign-ins as it
   * still being checked reach {@link #MAX_FAILURES}. Each true must be followed by one {@link
   * #end}.
   */
  synchronized boolean begin(String name) {
    int inFlight = pending.getOrDefault(name, 0);
    Deque<Long> f = failures.get(name);
    int recent = 0;
    if (f != null) {
      trim(f, clock.getAsLong());
      recent = f.size();
    }
    if (recent + inFlight >= MAX_FAILURES) {
      return false;
    }
    if (pending.size() >= MAX_NAMES && inFlight == 0) {
      return false; // that many names being checked at once is an attack: refuse more
    }
    pending.put(name, inFlight + 1);
    return true;
  }

  /**
   * Ends a sign-in {@link #begin} let through: {@code failed} counts a failure; else {@code
   * checked} (the password was checked now, not taken from a cache) forgets the name's failures.
   */
  synchronized void end(String name, boolean failed, boolean checked) {
    pending.computeIfPresent(name, (n, k) -> k <= 1 ? null : k - 1);
    if (failed) {
      failed(name);
    } else if (checked) {
      succeeded(name);
    }
  }

  /** A sign-in as {@code name} failed. */
  synchronized void failed(String name) {
    long now = clock.getAsLong();
    if (failures.size() >= MAX_NAMES && !failures.containsKey(name)) {
      failures.values().removeIf(f -> trim(f, now)); // forget names with no recent failure
    }
    if (failures.size() < MAX_NAMES || failures.containsKey(name)) {
      Deque<Long> f = failures.computeIfAbsent(name, n -> new ArrayDeque<>());
      trim(f, now);
      f.addLast(now);
    }
  }

  /** A sign-in as {@code name} succeeded: its failures are forgotten. */
  synchronized void succeeded(String name) {
    failures.remove(name);
  }

  /** Drops failures older than the window; true if none is left. */
  private static boolean trim(Deque<Long> f, long now) {
    while (!f.isEmpty() && now - f.peekFirst() >= WINDOW_MILLIS) {
      f.removeFirst();
    }
    return f.isEmpty();
  }
}
