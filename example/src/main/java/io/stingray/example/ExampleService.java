package io.stingray.example;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.WaitResult;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An enterprise bean that spreads its work with Stingray: tasks, objects and an actor. */
@Stateless
public class ExampleService {
  @Inject RayContext ray;

  /** Runs {@code tasks} tasks spread over the cluster's nodes; how many ran on each node. */
  public java.util.TreeMap<String, Integer> spread(int tasks) {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      refs.add(
          ray.task(Where::node)
              .setSchedulingStrategy(io.stingray.api.SchedulingStrategy.spread())
              .remote());
    }
    java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
    for (String node : ray.get(refs)) {
      counts.merge(node, 1, Integer::sum);
    }
    return counts;
  }

  /** This server's node id. */
  public String self() {
    return ray.runtimeContext().currentNodeId().hex();
  }

  /** Estimates pi with {@code tasks} tasks of {@code samples / tasks} darts each. */
  public double pi(long samples, int tasks) {
    List<ObjectRef<Long>> parts = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      parts.add(ray.task(MonteCarlo::hits, samples / tasks, (long) i).remote());
    }
    long in = ray.get(parts).stream().mapToLong(Long::longValue).sum();
    return 4.0 * in / ((samples / tasks) * tasks);
  }

  /** Counts words over documents: each is put once, counted by a task, merged as they finish. */
  public Map<String, Long> wordCount(List<String> documents) {
    List<ObjectRef<java.util.HashMap<String, Long>>> pending = new ArrayList<>();
    for (String doc : documents) {
      ObjectRef<String> stored = ray.put(doc);
      pending.add(ray.task(WordCount::count, stored).remote());
    }
    Map<String, Long> total = new TreeMap<>();
    while (!pending.isEmpty()) {
      WaitResult<java.util.HashMap<String, Long>> r = ray.wait(pending, 1, Duration.ofSeconds(30));
      for (ObjectRef<java.util.HashMap<String, Long>> done : r.ready()) {
        WordCount.merge(total, ray.get(done));
      }
      pending = r.unready();
    }
    return total;
  }

  /** Records a score on the leaderboard actor; returns the player's best. */
  public long submitScore(String player, long score) {
    return ray.get(leaderboard().task(Leaderboard::submit, player, score).remote());
  }

  /** The best players. */
  public LinkedHashMap<String, Long> top(int n) {
    return ray.get(leaderboard().task(Leaderboard::top, n).remote());
  }

  private ActorHandle<Leaderboard> leaderboard() {
    return ray.<Leaderboard>getActor("leaderboard")
        .orElseGet(
            () -> {
              try {
                return ray.actor(Leaderboard::new).setName("leaderboard").remote();
              } catch (IllegalArgumentException raced) { // created meanwhile by another call
                return ray.<Leaderboard>getActor("leaderboard").orElseThrow();
              }
            });
  }
}
