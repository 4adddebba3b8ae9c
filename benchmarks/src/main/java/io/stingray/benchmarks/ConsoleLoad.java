package io.stingray.benchmarks;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeInfo;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.NodeProcess;
import io.stingray.raylet.RayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load behind {@code benchmarks/console-load}: joins a running server's cluster with a worker
 * node (its own JVM) and a driver node (this JVM), making 3 nodes; creates 100 actors and runs
 * 1,000 tasks spread over the cluster; prints {@code LOAD READY}; then keeps the actors alive until
 * its standard input closes. Args: cluster name; the secret comes from STINGRAY_CLUSTER_SECRET.
 */
public final class ConsoleLoad {
  private ConsoleLoad() {}

  /** A small stateful actor. */
  public static final class Counter {
    private long n;

    public long add(long d) {
      n += d;
      return n;
    }
  }

  public static long square(long x) {
    return x * x;
  }

  public static void main(String[] args) throws Exception {
    String cluster = args[0];
    String secret = System.getenv("STINGRAY_CLUSTER_SECRET");
    try (NodeProcess worker =
            NodeProcess.start(
                List.of("-Xmx1g"),
                Map.of("STINGRAY_CLUSTER_SECRET", secret),
                Path.of("benchmarks", "target", "console-load-worker.log"),
                Duration.ofSeconds(60),
                "--cluster",
                cluster,
                "--cpus",
                "2");
        RayNode driver =
            RayNode.start(
                NodeConfig.builder()
                    .clusterName(cluster)
                    .clusterSecret(secret)
                    .nodeName("driver")
                    .numCpus(2)
                    .build())) {
      RayContext ray = driver.context();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ray.runtimeContext().nodes().stream().filter(NodeInfo::alive).count() < 3) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "fewer than 3 nodes after 60 s: " + ray.runtimeContext().nodes());
        }
        Thread.sleep(200);
      }
      List<ActorHandle<Counter>> actors = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        actors.add(
            ray.actor(Counter::new)
                .setName("counter-" + i)
                .setResource("CPU", 0.0)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote());
      }
      for (ActorHandle<Counter> a : actors) {
        a.task(Counter::add, 1L).remote().get();
      }
      List<ObjectRef<Long>> results = new ArrayList<>();
      for (long i = 0; i < 1000; i++) {
        results.add(
            ray.task(ConsoleLoad::square, i)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote());
      }
      ray.get(results);
      System.out.println(
          "LOAD READY on worker " + worker.id().hex() + " and driver " + driver.id().hex());
      System.out.flush();
      while (System.in.read() >= 0) {
        // keep the actors alive until the script closes our input
      }
    }
    System.exit(0);
  }
}
