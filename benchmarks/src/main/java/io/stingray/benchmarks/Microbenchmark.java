package io.stingray.benchmarks;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Ray's microbenchmark shapes on one Stingray node, beside the floor of plain {@code
 * java.util.concurrent} measured in the same JVM and run. Prints a table and writes {@code
 * benchmarks/target/benchmarks.json}. {@code --quick} runs fewer, shorter rounds.
 */
public final class Microbenchmark {
  private final boolean quick;
  private final int rounds;
  private final List<Measurement> results = new ArrayList<>();

  private Microbenchmark(boolean quick) {
    this.quick = quick;
    this.rounds = quick ? 3 : 5;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    new Microbenchmark(quick)
        .run(
            Path.of(
                args.length > 0 && !args[0].startsWith("--")
                    ? args[0]
                    : "benchmarks/target/benchmarks.json"));
    System.exit(0);
  }

  private void run(Path json) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Stingray microbenchmark (%s mode) on %d cores, Java %s (%s)%n",
        quick ? "quick" : "full",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
    try (RayNode node =
        RayNode.start(
            NodeConfig.builder()
                .clusterName("bench-" + ProcessHandle.current().pid())
                .numCpus(2)
                .objectStoreMemory(1L << 30)
                .build())) {
      stingray(node.context());
      queuedTasksHeap(node.context());
    }
    floor();
    print();
    Files.createDirectories(json.toAbsolutePath().getParent());
    Files.writeString(
        json,
        "[\n  " + String.join(",\n  ", results.stream().map(Measurement::json).toList()) + "\n]\n");
    System.out.println("wrote " + json);
  }

  private int n(int full) {
    return quick ? Math.max(1, full / 5) : full;
  }

  /** Runs {@code body} (which performs {@code ops} operations) for warm-up and rounds. */
  private void measure(String metric, String system, long ops, String unit, Body body)
      throws Exception {
    body.run();
    double[] r = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      body.run();
      double secs = (System.nanoTime() - t0) / 1e9;
      r[i] = ops / secs;
    }
    Measurement m = new Measurement(metric, system, r, unit);
    results.add(m);
    System.out.printf(Locale.ROOT, "  %-40s %-16s %,14.1f %s%n", metric, system, m.median(), unit);
  }

  interface Body {
    void run() throws Exception;
  }

  private void stingray(RayContext ray) throws Exception {
    String sys = "stingray-1node";
    int sync = n(20_000);
    measure(
        "single_client_tasks_sync",
        sys,
        sync,
        "ops/s",
        () -> {
          for (int i = 0; i < sync; i++) {
            ray.get(ray.task(Workloads::noop).remote());
          }
        });
    int async = n(200_000);
    measure(
        "single_client_tasks_async",
        sys,
        async,
        "ops/s",
        () -> {
          List<ObjectRef<Integer>> refs = new ArrayList<>(async);
          for (int i = 0; i < async; i++) {
            refs.add(ray.task(Workloads::noop).remote());
          }
          ray.get(refs);
        });
    ActorHandle<Workloads.Actor> actor = ray.actor(Workloads.Actor::new).remote();
    measure(
        "1_1_actor_calls_sync",
        sys,
        sync,
        "ops/s",
        () -> {
          for (int i = 0; i < sync; i++) {
            ray.get(actor.task(Workloads.Actor::call).remote());
          }
        });
    measure(
        "1_1_actor_calls_async",
        sys,
        async,
        "ops/s",
        () -> {
          List<ObjectRef<Long>> refs = new ArrayList<>(async);
          for (int i = 0; i < async; i++) {
            refs.add(actor.task(Workloads.Actor::call).remote());
          }
          ray.get(refs);
        });
    ActorHandle<Workloads.Actor> concurrent =
        ray.actor(Workloads.Actor::new).setMaxConcurrency(4).remote();
    measure(
        "1_1_actor_calls_concurrent",
        sys,
        async,
        "ops/s",
        () -> {
          List<ObjectRef<Long>> refs = new ArrayList<>(async);
          for (int i = 0; i < async; i++) {
            refs.add(concurrent.task(Workloads.Actor::call).remote());
          }
          ray.get(refs);
        });
    byte[] small = new byte[100];
    int puts = n(200_000);
    measure(
        "single_client_put_calls",
        sys,
        puts,
        "ops/s",
        () -> {
          for (int i = 0; i < puts; i++) {
            ray.put(small);
          }
        });
    ObjectRef<byte[]> smallRef = ray.put(small);
    int gets = n(200_000);
    measure(
        "single_client_get_calls",
        sys,
        gets,
        "ops/s",
        () -> {
          for (int i = 0; i < gets; i++) {
            ray.get(smallRef);
          }
        });
    ObjectRef<byte[]> stored = ray.put(new byte[1 << 20]);
    int storedGets = n(5_000);
    measure(
        "single_client_get_calls_1mib_stored",
        sys,
        storedGets,
        "ops/s",
        () -> {
          for (int i = 0; i < storedGets; i++) {
            ray.get(stored);
          }
        });
    byte[] large = new byte[100 << 20];
    int largePuts = quick ? 3 : 10;
    measure(
        "single_client_put_gigabytes",
        sys,
        (long) largePuts * large.length,
        "B/s",
        () -> {
          for (int i = 0; i < largePuts; i++) {
            ray.put(large);
          }
          System.gc(); // lets the reaper free the dropped objects between rounds
        });
    List<ObjectRef<Integer>> thousand = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      thousand.add(ray.put(i));
    }
    int waits = n(1000);
    measure(
        "single_client_wait_1k_refs",
        sys,
        waits,
        "ops/s",
        () -> {
          for (int i = 0; i < waits; i++) {
            ray.wait(thousand);
          }
        });
  }

  private void queuedTasksHeap(RayContext ray) throws Exception {
    int count = quick ? 200_000 : 1_000_000;
    CountDownLatch gate = new CountDownLatch(1);
    GATE = gate;
    List<ObjectRef<Integer>> blockers =
        List.of(ray.task(Microbenchmark::hold).remote(), ray.task(Microbenchmark::hold).remote());
    long before = usedHeapAfterGc();
    List<ObjectRef<Integer>> refs = new ArrayList<>(count);
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      refs.add(ray.task(Workloads::noop).remote());
    }
    double submitSecs = (System.nanoTime() - t0) / 1e9;
    long after = usedHeapAfterGc();
    gate.countDown();
    ray.get(blockers);
    long t1 = System.nanoTime();
    ray.get(refs);
    double drainSecs = (System.nanoTime() - t1) / 1e9;
    double mib = (after - before) / (1024.0 * 1024.0);
    results.add(
        new Measurement("queued_tasks_heap_" + count, "stingray-1node", new double[] {mib}, "MiB"));
    System.out.printf(
        Locale.ROOT,
        "  %-40s %-16s %,14.1f MiB (%,d tasks queued in %.2f s, drained in %.2f s)%n",
        "queued_tasks_heap_" + count,
        "stingray-1node",
        mib,
        count,
        submitSecs,
        drainSecs);
  }

  private static volatile CountDownLatch GATE;

  static int hold() throws InterruptedException {
    GATE.await(10, TimeUnit.MINUTES);
    return 0;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void floor() throws Exception {
    String sys = "floor";
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      int sync = n(20_000);
      measure(
          "single_client_tasks_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              pool.submit(Workloads::noop).get();
            }
          });
      int async = n(200_000);
      measure(
          "single_client_tasks_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<Future<Integer>> fs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              fs.add(pool.submit(Workloads::noop));
            }
            for (Future<Integer> f : fs) {
              f.get();
            }
          });
      Workloads.Actor actor = new Workloads.Actor();
      measure(
          "1_1_actor_calls_sync",
          sys,
          sync,
          "ops/s",
          () -> {
            for (int i = 0; i < sync; i++) {
              single.submit(actor::call).get();
            }
          });
      measure(
          "1_1_actor_calls_async",
          sys,
          async,
          "ops/s",
          () -> {
            List<CompletableFuture<Long>> fs = new ArrayList<>(async);
            for (int i = 0; i < async; i++) {
              fs.add(CompletableFuture.supplyAsync(actor::call, single));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
          });
      byte[] large = new byte[100 << 20];
      int largePuts = quick ? 3 : 10;
      measure(
          "single_client_put_gigabytes",
          sys,
          (long) largePuts * large.length,
          "B/s",
          () -> {
            for (int i = 0; i < largePuts; i++) {
              large.clone();
            }
          });
    } finally {
      pool.shutdownNow();
      single.shutdownNow();
    }
  }

  private void print() {
    Map<String, Map<String, Measurement>> byMetric = new LinkedHashMap<>();
    for (Measurement m : results) {
      byMetric.computeIfAbsent(m.metric(), k -> new LinkedHashMap<>()).put(m.system(), m);
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "| %-34s | %-26s | %-26s | %-9s |%n",
        "metric",
        "stingray-1node (min–max)",
        "floor",
        "of floor");
    System.out.println(
        "|"
            + "-".repeat(36)
            + "|"
            + "-".repeat(28)
            + "|"
            + "-".repeat(28)
            + "|"
            + "-".repeat(11)
            + "|");
    for (Map.Entry<String, Map<String, Measurement>> e : byMetric.entrySet()) {
      Measurement s = e.getValue().get("stingray-1node");
      Measurement f = e.getValue().get("floor");
      System.out.printf(
          Locale.ROOT,
          "| %-34s | %-26s | %-26s | %-9s |%n",
          e.getKey(),
          cell(s),
          cell(f),
          s != null && f != null
              ? String.format(Locale.ROOT, "%.2f", s.median() / f.median())
              : "");
    }
  }

  private static String cell(Measurement m) {
    if (m == null) {
      return "";
    }
    if (m.unit().equals("B/s")) {
      return String.format(
          Locale.ROOT, "%.2f GB/s (%.2f–%.2f)", m.median() / 1e9, m.min() / 1e9, m.max() / 1e9);
    }
    if (m.unit().equals("MiB")) {
      return String.format(Locale.ROOT, "%.0f MiB heap", m.median());
    }
    return String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", m.median(), m.min(), m.max());
  }

  static {
    try {
      Files.createDirectories(Path.of("benchmarks/target"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
