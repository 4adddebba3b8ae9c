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

  /**
   * Makes {@code tasks} blobs of {@code mib} MiB spread over the cluster and reads them here (those
   * made on other servers are pulled from them): per node, how many blobs and bytes it made, and
   * whether every byte arrived as made.
   */
  public Map<String, Object> blobs(int tasks, int mib) {
    List<ObjectRef<Blobs.Blob>> refs = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      refs.add(
          ray.task(Blobs::make, mib, (long) i)
              .setSchedulingStrategy(io.stingray.api.SchedulingStrategy.spread())
              .remote());
    }
    Map<String, long[]> byNode = new TreeMap<>();
    boolean intact = true;
    for (int i = 0; i < tasks; i++) {
      Blobs.Blob b = ray.get(refs.get(i));
      intact &= Blobs.crc(b.bytes()) == Blobs.crc(Blobs.bytes(mib << 20, i));
      long[] c = byNode.computeIfAbsent(b.node(), n -> new long[2]);
      c[0]++;
      c[1] += b.bytes().length;
    }
    Map<String, Object> nodes = new TreeMap<>();
    byNode.forEach((n, c) -> nodes.put(n, Map.of("blobs", c[0], "bytes", c[1])));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", self());
    out.put("nodes", nodes);
    out.put("intact", intact);
    return out;
  }

  /** This node and the ids of the nodes it sees alive and dead, as {@code RuntimeContext} tells. */
  public Map<String, Object> nodes() {
    List<String> alive = new ArrayList<>();
    List<String> dead = new ArrayList<>();
    for (io.stingray.api.NodeInfo n : ray.runtimeContext().nodes()) {
      (n.alive() ? alive : dead).add(n.id().hex());
    }
    alive.sort(null);
    dead.sort(null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", self());
    out.put("alive", alive);
    out.put("dead", dead);
    return out;
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
