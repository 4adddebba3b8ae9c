package io.stingray.benchmarks;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.NodeProcess;
import io.stingray.raylet.RayNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stingray as a cluster ({@code stingray-cluster}): a driver node in this JVM with no CPUs of its
 * own, so every task runs on worker nodes that are separate JVMs ({@link NodeProcess}, started here
 * with this JVM's flags and class path) and every byte crosses gRPC on loopback. Measures remote
 * tasks and actor calls, remote-task latency, object transfer, async throughput with 1, 2 and 3
 * worker nodes, and how long after a {@code kill -9} the lost node's running tasks run again.
 */
public final class ClusterBenchmark {
  private static final String SYS = "stingray-cluster";
  private static final String SECRET = "benchmark";
  private final Rounds rounds;
  private final String cluster = "bench-cluster-" + ProcessHandle.current().pid();
  private final List<NodeProcess> workers = new ArrayList<>();
  private final List<String> only;
  private final Path tls; // null: plain TCP

  private ClusterBenchmark(Rounds rounds, List<String> only, Path tls) {
    this.tls = tls;
    this.rounds = rounds;
    this.only = only;
  }

  /**
   * Args: output JSON path, then {@code --quick}, {@code --only=shapes,transfer,scaling,loss} to
   * run some parts only, and {@code --tls=DIR} for mutual TLS between all nodes with {@code
   * DIR/node.pem}, {@code DIR/node.key} and {@code DIR/ca.pem} (a certificate for 127.0.0.1).
   */
  public static void main(String[] args) throws Exception {
    Rounds r = new Rounds(args);
    List<String> only =
        Arrays.stream(args)
            .filter(a -> a.startsWith("--only="))
            .flatMap(a -> Arrays.stream(a.substring(7).split(",")))
            .toList();
    Path tls =
        Arrays.stream(args)
            .filter(a -> a.startsWith("--tls="))
            .map(a -> Path.of(a.substring(6)).toAbsolutePath())
            .findFirst()
            .orElse(null);
    ClusterBenchmark b = new ClusterBenchmark(r, only, tls);
    try {
      b.run();
    } finally {
      b.workers.forEach(NodeProcess::kill);
    }
    r.write(Path.of(args[0]));
    System.exit(0);
  }

  /** Busy work of about {@code micros} microseconds (tasks that are not free to run). */
  public static long spin(int micros) {
    long end = System.nanoTime() + micros * 1000L;
    long x = 0;
    while (System.nanoTime() < end) {
      x++;
    }
    return x;
  }

  /** Sleeps, then says when it started (wall clock), to time reruns after a node loss. */
  public static long startedAt(int sleepMillis) throws InterruptedException {
    long t = System.currentTimeMillis();
    Thread.sleep(sleepMillis);
    return t;
  }

  private void run() throws Exception {
    try (RayNode driver =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .numCpus(0)
                .objectStoreMemory(1L << 30)
                .clusterSecret(SECRET)
                .tls(
                    tls == null ? null : tls.resolve("node.pem"),
                    tls == null ? null : tls.resolve("node.key"),
                    tls == null ? null : tls.resolve("ca.pem"))
                .build())) {
      RayContext ray = driver.context();
      NodeId w1 = startWorker(ray);
      if (wanted("shapes")) {
        remoteShapes(ray, w1);
      }
      if (wanted("transfer")) {
        transfer(ray, w1);
      }
      if (wanted("scaling")) {
        scaling(ray);
      }
      if (wanted("loss")) {
        nodeLoss(ray);
      }
    }
  }

  private String[] workerArgs() {
    List<String> a =
        new ArrayList<>(
            List.of("--cluster", cluster, "--cpus", "2", "--object-store-memory", "" + (1L << 30)));
    if (tls != null) {
      a.addAll(
          List.of(
              "--tls-certificate", tls.resolve("node.pem").toString(),
              "--tls-key", tls.resolve("node.key").toString(),
              "--tls-trust", tls.resolve("ca.pem").toString()));
    }
    return a.toArray(String[]::new);
  }

  private boolean wanted(String part) {
    return only.isEmpty() || only.contains(part);
  }

  private NodeId startWorker(RayContext ray) throws Exception {
    NodeProcess p =
        NodeProcess.start(
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            Map.of("STINGRAY_CLUSTER_SECRET", SECRET),
            Path.of("benchmarks", "target", "worker-" + (workers.size() + 1) + ".log"),
            Duration.ofSeconds(60),
            workerArgs());
    workers.add(p);
    NodeId id = p.id();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ray.runtimeContext().nodes().stream().noneMatch(n -> n.id().equals(id) && n.alive())
        || ray.clusterResources().getOrDefault("CPU", 0.0) < 2.0 * workers.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("worker node " + id.hex() + " did not join in 60 s");
      }
      Thread.sleep(50);
    }
    return id;
  }

  private void remoteShapes(RayContext ray, NodeId w1) throws Exception {
    ActorHandle<Workloads.Actor> actor =
        ray.actor(Workloads.Actor::new)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(w1, false))
            .remote();
    CoreShapes.measure(rounds, ray, SYS, actor, rounds.n(5_000), rounds.n(100_000));
    int samples = rounds.n(5_000);
    double[] micros = new double[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      ray.get(ray.task(Workloads::noop).remote());
      micros[i] = (System.nanoTime() - t0) / 1e3;
    }
    Arrays.sort(micros);
    double p50 = micros[samples / 2];
    double p99 = micros[(int) (samples * 0.99)];
    rounds.add(new Measurement("remote_task_latency_p50", SYS, new double[] {p50}, "us"));
    rounds.add(new Measurement("remote_task_latency_p99", SYS, new double[] {p99}, "us"));
  }

  /** Puts a fresh array of {@code size} bytes into the worker's store and returns its ref. */
  public static ObjectRef<byte[]> putOnWorker(int size) {
    return io.stingray.api.RayContext.current().put(new byte[size]);
  }

  /**
   * A 64 MiB object made on the worker and read here: {@code get} pulls it over gRPC in chunks,
   * keeps it in this node's store and deserializes it (the time of the pull alone is in the
   * worker's debug log).
   */
  private void transfer(RayContext ray, NodeId w1) throws Exception {
    int size = 64 << 20;
    int n = rounds.quick() ? 3 : 5;
    double[] rates = new double[n];
    for (int i = -3; i < n; i++) { // three warm-ups
      System.gc(); // lets both nodes drop the last round's copies (refs are counted by the GC)
      Thread.sleep(300);
      ObjectRef<byte[]> there =
          ray.get(
              ray.task(ClusterBenchmark::putOnWorker, size)
                  .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(w1, false))
                  .remote());
      long t0 = System.nanoTime();
      int len = ray.get(there).length;
      if (i >= 0) {
        rates[i] = len / ((System.nanoTime() - t0) / 1e9);
      }
    }
    rounds.add(new Measurement("object_transfer_gigabytes", SYS, rates, "B/s"));
    System.gc();
  }

  /** Async tasks of ~100 µs each with 1, 2 and 3 worker nodes (2 CPUs each). */
  private void scaling(RayContext ray) throws Exception {
    int tasks = rounds.n(20_000);
    for (int nodes = 1; nodes <= 3; nodes++) {
      if (nodes > 1) {
        startWorker(ray);
      }
      rounds.measure(
          "tasks_async_100us_" + nodes + "_worker_nodes",
          SYS,
          tasks,
          "ops/s",
          () -> {
            List<ObjectRef<Long>> refs = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
              refs.add(ray.task(ClusterBenchmark::spin, 100).remote());
            }
            ray.get(refs);
          });
    }
  }

  /**
   * Tasks running on a worker that is then killed (-9): the time from the kill until every one of
   * them started again on another node (detection by the JGroups view or the broken stream, plus
   * resubmission).
   */
  private void nodeLoss(RayContext ray) throws Exception {
    NodeProcess victimProcess = workers.get(workers.size() - 1);
    NodeId victim = victimProcess.id();
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      refs.add(
          ray.task(ClusterBenchmark::startedAt, 1_000)
              .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(victim, true))
              .remote());
    }
    Thread.sleep(300); // let them start there (a benchmark step, not a test)
    long killedAt = System.currentTimeMillis();
    victimProcess.kill();
    long lastStart = 0;
    for (ObjectRef<Long> r : refs) {
      lastStart = Math.max(lastStart, ray.get(r));
    }
    double millis = lastStart - killedAt;
    rounds.add(new Measurement("node_loss_to_tasks_rerunning", SYS, new double[] {millis}, "ms"));
  }
}
