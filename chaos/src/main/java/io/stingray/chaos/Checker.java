package io.stingray.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link History} for anomalies (wrong results, operations past their deadline, actors with
 * two live instances) and for each fault's figures (time to detect, until work flows again, to
 * converge after healing). Anomalies found elsewhere in the run are added with {@link #anomaly}.
 * Used by the harness's main thread.
 */
final class Checker {
  /** An operation running this long (its get's deadline plus slack) hangs. */
  static final long HANG_MILLIS = Workload.DEADLINE.toMillis() + 15_000;

  private final History history;
  private final List<String> anomalies = new ArrayList<>();

  /** One fault's figures, in seconds (negative: did not happen). */
  record Figures(
      String fault,
      long holdSeconds,
      double detect,
      double flowsAgain,
      double converged,
      int ok,
      int failed) {}

  Checker(History history) {
    this.history = history;
  }

  void anomaly(String what) {
    anomalies.add(what);
    history.event("ANOMALY " + what);
    System.out.println("chaos: ANOMALY " + what);
  }

  List<String> anomalies() {
    return List.copyOf(anomalies);
  }

  /** Every operation that returned a wrong value. */
  void wrongResults() {
    for (History.Op op : history.ops()) {
      if ("wrong".equals(op.outcome())) {
        anomaly("wrong result on node " + op.node() + " (" + op.kind() + "): " + op.detail());
      }
    }
  }

  /**
   * Every operation some view showed running past {@link #HANG_MILLIS}; the time a node was stopped
   * (SIGSTOP) does not count against its own operations.
   */
  void hangs() {
    Map<Integer, List<long[]>> paused = pausedSpans();
    Set<String> seen = new HashSet<>();
    for (History.View v : history.views()) {
      if (v.inFlightMillis() <= HANG_MILLIS) {
        continue;
      }
      long started = v.oldestStart();
      long frozen = 0;
      for (long[] span : paused.getOrDefault(v.node(), List.of())) {
        frozen += Math.max(0, Math.min(span[1], v.t()) - Math.max(span[0], started));
      }
      if (v.inFlightMillis() - frozen > HANG_MILLIS && seen.add(v.node() + "@" + started)) {
        anomaly(
            "an operation on node "
                + v.node()
                + " ran "
                + v.inFlightMillis() / 1000
                + " s, past its "
                + Workload.DEADLINE.toSeconds()
                + " s deadline");
      }
    }
  }

  private Map<Integer, List<long[]>> pausedSpans() {
    Map<Integer, List<long[]>> spans = new HashMap<>();
    Map<Integer, Long> stopped = new HashMap<>();
    for (History.Event e : history.events()) {
      String[] w = e.what().split(" ");
      if (w[0].equals("SIGSTOP")) {
        stopped.put(Integer.parseInt(w[1]), e.t());
      } else if (w[0].equals("SIGCONT")) {
        Long s = stopped.remove(Integer.parseInt(w[1]));
        if (s != null) {
          spans
              .computeIfAbsent(Integer.parseInt(w[1]), k -> new ArrayList<>())
              .add(new long[] {s, e.t()});
        }
      }
    }
    return spans;
  }

  /**
   * Work must flow once the cluster is one again: an operation submitted from {@code from} on
   * (after healing, one membership and a grace period) up to {@code to} that fails is an anomaly.
   */
  void failuresAfterHealing(String fault, long from, long to) {
    int failed = 0;
    History.Op first = null;
    for (History.Op op : history.ops()) {
      if (op.t0() >= from && op.t0() < to && !op.ok()) {
        failed++;
        first = first == null ? op : first;
      }
    }
    if (first != null) {
      anomaly(
          failed
              + " operations submitted after the cluster was one again ("
              + fault
              + ") failed; the first, on node "
              + first.node()
              + ": "
              + first.kind()
              + " "
              + first.outcome()
              + " "
              + first.detail());
    }
  }

  /** Actors that two of these nodes' latest views show a live instance of. */
  Map<String, Set<Integer>> duplicateActors(java.util.Collection<Integer> nodes) {
    Map<String, Set<Integer>> where = new HashMap<>();
    for (int node : nodes) {
      History.View v = history.latest(node);
      if (v == null) {
        continue;
      }
      for (String actor : v.hosted()) {
        where.computeIfAbsent(actor, k -> new HashSet<>()).add(node);
      }
    }
    where.values().removeIf(s -> s.size() < 2);
    return where;
  }

  /**
   * A fault's figures. {@code victimIds} are the node ids the fault hit ({@code f.victims()} their
   * indices); the others are the side that should keep working.
   */
  Figures figures(Fault f, Set<String> victimIds, long injected, long healed, long converged) {
    double detect = -1;
    for (History.View v : history.views()) {
      if (v.t() < injected) {
        continue;
      }
      boolean other = !f.victims().contains(v.node());
      if ((other && !v.alive().containsAll(victimIds)) || v.fenced()) {
        detect = (v.t() - injected) / 1000.0;
        break;
      }
    }
    long lastFailed = -1;
    int ok = 0;
    int failed = 0;
    List<History.Op> window = new ArrayList<>();
    for (History.Op op : history.ops()) {
      if (op.t0() >= injected && op.t0() < (converged > 0 ? converged : healed)) {
        if (op.ok()) {
          ok++;
        } else {
          failed++;
        }
      }
      if (op.t0() >= injected && op.t0() < healed && !f.victims().contains(op.node())) {
        window.add(op);
        if (!op.ok()) {
          lastFailed = Math.max(lastFailed, op.t0());
        }
      }
    }
    double flows = lastFailed < 0 ? 0 : -1;
    if (lastFailed >= 0) {
      for (History.Op op : window) {
        if (op.ok() && op.t0() > lastFailed) {
          double s = (op.t0() - injected) / 1000.0;
          flows = flows < 0 ? s : Math.min(flows, s);
        }
      }
    }
    return new Figures(
        f.name(),
        f.hold().toSeconds(),
        detect,
        flows,
        converged < 0 ? -1 : (converged - healed) / 1000.0,
        ok,
        failed);
  }
}
