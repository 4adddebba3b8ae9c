package io.stingray.console.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Who did what in the console: every action, allowed or refused, goes to the log {@code
 * io.stingray.console.audit} and to a ring of the last {@link #CAPACITY} entries the console shows.
 * Thread-safe.
 */
public final class Audit {
  /** How many entries the ring keeps. */
  public static final int CAPACITY = 200;

  private static final Logger LOG = Logger.getLogger("io.stingray.console.audit");
  private static final ArrayDeque<Entry> RING = new ArrayDeque<>();

  /** One action: when, by whom, what, on what, and how it ended. */
  public record Entry(long timeMillis, String user, String action, String target, String outcome) {}

  private Audit() {}

  /** Records an action. */
  public static void record(String user, String action, String target, String outcome) {
    Entry e = new Entry(System.currentTimeMillis(), user, action, target, outcome);
    LOG.info("user '" + user + "' " + action + " " + target + ": " + outcome);
    synchronized (RING) {
      if (RING.size() == CAPACITY) {
        RING.removeLast();
      }
      RING.addFirst(e);
    }
  }

  /** The remembered entries, newest first. */
  public static List<Entry> recent() {
    synchronized (RING) {
      return new ArrayList<>(RING);
    }
  }
}
