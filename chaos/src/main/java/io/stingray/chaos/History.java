package io.stingray.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened in one run, as the agents and the nemesis reported it: every operation, every view
 * of the membership, every fault. Also written line by line to {@code history.log} so a run can be
 * read after the fact. Thread-safe (each agent's reader thread adds to it).
 */
final class History {
  /** One workload operation on node {@code node}: submitted at {@code t0}, ended at {@code t1}. */
  record Op(int node, long t0, long t1, String kind, String outcome, String detail) {
    boolean ok() {
      return "ok".equals(outcome);
    }
  }

  /**
   * What node {@code node} saw at {@code t}; {@code oldestStart}: when its oldest operation in
   * flight started (0: none).
   */
  record View(
      int node,
      long t,
      boolean fenced,
      Set<String> alive,
      long storeBytes,
      Set<String> hosted,
      long oldestStart) {
    /** How long the oldest operation in flight had run at {@code t}; 0 when none ran. */
    long inFlightMillis() {
      return oldestStart == 0 ? 0 : Math.max(0, t - oldestStart);
    }
  }

  /** A nemesis event: a fault injected, healed, a node paused or resumed. */
  record Event(long t, String what) {}

  private final List<Op> ops = new ArrayList<>();
  private final List<View> views = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final Map<Integer, View> latest = new HashMap<>();
  private final BufferedWriter log;

  History(Path file) {
    try {
      log = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads one {@code CHAOS OP} or {@code CHAOS VIEW} line of node {@code node}. */
  synchronized void line(int node, String line) {
    write(node + " " + line);
    String[] w = line.split(" ");
    try {
      if (w[0].equals("OP") && w.length >= 6) {
        ops.add(
            new Op(
                node,
                Long.parseLong(w[1]),
                Long.parseLong(w[2]),
                w[3],
                w[4],
                String.join(" ", List.of(w).subList(5, w.length))));
      } else if (w[0].equals("VIEW") && w.length == 7) {
        View v =
            new View(
                node,
                Long.parseLong(w[1]),
                w[2].equals("1"),
                set(w[3]),
                Long.parseLong(w[4]),
                set(w[5]),
                Long.parseLong(w[6]));
        views.add(v);
        latest.put(node, v);
      }
    } catch (NumberFormatException e) {
      write(node + " (unreadable: " + e.getMessage() + ")");
    }
  }

  synchronized void event(String what) {
    event(System.currentTimeMillis(), what);
  }

  synchronized void event(long t, String what) {
    events.add(new Event(t, what));
    write("nemesis " + what);
  }

  synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  synchronized List<View> views() {
    return List.copyOf(views);
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Node {@code node}'s last view, or null. */
  synchronized View latest(int node) {
    return latest.get(node);
  }

  /** Forgets a node's last view (it was restarted: its old view says nothing of the new one). */
  synchronized void forget(int node) {
    latest.remove(node);
  }

  synchronized void close() {
    try {
      log.close();
    } catch (IOException e) {
      // nothing to add: the history was written as it went
    }
  }

  private void write(String s) {
    try {
      log.write(System.currentTimeMillis() + " " + s);
      log.newLine();
      log.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> set(String csv) {
    return csv.equals("-") ? Set.of() : Set.of(csv.split(","));
  }
}
