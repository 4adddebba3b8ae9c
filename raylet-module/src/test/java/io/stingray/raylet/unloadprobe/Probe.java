package io.stingray.raylet.unloadprobe;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import java.time.Duration;

/**
 * An application's code for {@code JobUnloadTest}: loaded by the application's own class loader, it
 * runs tasks here and on another node, an actor, and a put, so that each leaves what it leaves.
 */
public final class Probe {
  private Probe() {}

  public static int square(int x) {
    return x * x;
  }

  /** An actor of the application. */
  public static final class Counter {
    private int n;

    public int add(int k) {
      n += k;
      return n;
    }
  }

  /** What the application does; returns the results it saw. */
  public static String run(RayContext ray, NodeId other) {
    Duration t = Duration.ofSeconds(30);
    int here = ray.task(Probe::square, 7).remote().get(t);
    int there =
        ray.task(Probe::square, 8)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(other, false))
            .remote()
            .get(t);
    ActorHandle<Counter> counter = ray.actor(Counter::new).remote();
    int counted = counter.task(Counter::add, 2).remote().get(t);
    int[] put = ray.put(new int[] {1, 2, 3}).get(t);
    return here + "," + there + "," + counted + "," + put.length;
  }
}
