package io.stingray.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One fault the nemesis injects and heals: which nodes it hits ({@code victims}: the minority of a
 * partition, the paused, killed or slowed node) and for how long. The rest of the cluster is the
 * side that must keep working.
 */
record Fault(String name, List<Integer> victims, Duration hold, Action inject, Action heal) {
  /** A step of the nemesis; may throw to end the run. */
  interface Action {
    void run(Nemesis n);
  }

  /** Each of {@code types} once, on nodes chosen by {@code random}: what {@code --quick} runs. */
  static List<Fault> everyType(
      List<String> types, int nodes, Random random, Duration partitionHold, Duration hold) {
    List<Fault> all = new ArrayList<>();
    for (String type : types) {
      all.add(of(type, nodes, random, type.equals("partition 2|3") ? partitionHold : hold));
    }
    return all;
  }

  static final List<String> TYPES =
      List.of(
          "partition 2|3", "partition 1|4", "bridge", "one-way", "pause", "kill -9", "slow link");

  /** What the Payara Micro scenario injects by default: a split, a pause and a kill. */
  static final List<String> PAYARA_TYPES = List.of("partition 2|3", "pause", "kill -9");

  /**
   * The fault types a comma-separated list names (e.g. {@code "slow link,pause"}).
   *
   * @throws IllegalArgumentException naming a type that is not one of {@link #TYPES}
   */
  static List<String> types(String list) {
    List<String> out = new ArrayList<>();
    for (String t : list.split(",")) {
      String type = t.trim();
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException(
            "unknown fault type '" + type + "'; the types are: " + String.join(", ", TYPES));
      }
      out.add(type);
    }
    return List.copyOf(out);
  }

  static Fault of(String type, int nodes, Random random, Duration hold) {
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    int v = order.get(0);
    return switch (type) {
      case "partition 2|3", "partition 1|4" -> {
        int k = type.equals("partition 2|3") ? (nodes - 1) / 2 : 1; // the largest minority
        List<Integer> minority = List.copyOf(order.subList(0, k));
        List<Integer> majority = List.copyOf(order.subList(k, nodes));
        yield new Fault(
            type + " " + minority + "|" + majority,
            minority,
            hold,
            n -> n.net().partition(List.of(minority, majority)),
            n -> n.net().heal());
      }
      case "bridge" -> {
        // one node sees both halves; the halves do not see each other
        int half = (nodes - 1) / 2;
        List<Integer> a = List.copyOf(order.subList(1, 1 + half));
        List<Integer> b = List.copyOf(order.subList(1 + half, nodes));
        yield new Fault(
            "bridge " + a + "|" + v + "|" + b,
            a,
            hold,
            n -> {
              for (int i : a) {
                n.net().cut(i, b, false);
              }
              for (int j : b) {
                n.net().cut(j, a, false);
              }
            },
            n -> n.net().heal());
      }
      case "one-way" -> {
        List<Integer> others = List.copyOf(order.subList(1, nodes));
        yield new Fault(
            "one-way (" + v + " hears no one)",
            List.of(v),
            hold,
            n -> n.net().cut(v, others, true),
            n -> n.net().heal());
      }
      case "pause" ->
          new Fault(
              "pause " + v + " (SIGSTOP)", List.of(v), hold, n -> n.pause(v), n -> n.resume(v));
      case "kill -9" ->
          new Fault("kill -9 " + v, List.of(v), hold, n -> n.kill(v), n -> n.restart(v));
      case "slow link" ->
          new Fault(
              "slow link " + v + " (1 Mbit/s out)",
              List.of(v),
              hold,
              n -> n.net().slow(v, 1000),
              n -> n.net().heal());
      default -> throw new IllegalArgumentException("unknown fault type " + type);
    };
  }
}
