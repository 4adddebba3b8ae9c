package io.stingray.example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The actor of the example: best scores by player, kept in one place, updated in order. */
public final class Leaderboard {
  private final Map<String, Long> best = new HashMap<>();

  /** Records a score; returns the player's best. */
  public long submit(String player, long score) {
    return best.merge(player, score, Math::max);
  }

  /** The {@code n} best players, best first. */
  public LinkedHashMap<String, Long> top(int n) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(best.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    LinkedHashMap<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : entries.subList(0, Math.min(n, entries.size()))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
