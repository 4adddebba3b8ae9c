package io.stingray.benchmarks;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private final Rounds rounds;

  private Microbenchmark(Rounds rounds) {
    this.rounds = rounds;
  }

  /** Args: output JSON path, then {@code --quick}. */
  public static void main(String[] args) throws Exception {
    Rounds r = new Rounds(args);
    new Microbenchmark(r).run();
    r.write(Path.of(args[0]));
    System.exit(0);
  }

  private void run() throws Exception {
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
  }

  private int n(int full) {
    return rounds.n(full);
  }

  private void measure(String metric, String system, long ops, String unit, Rounds.Body body)
      throws Exception {
    rounds.measure(metric, system, ops, unit, body);
  }

  private void stingray(RayContext ray) throws Exception {
    String sys = "stingray-1node";
    int sync = n(20_000);
    int async = n(200_000);
    ActorHandle<Workloads.Actor> actor = ray.actor(Workloads.Actor::new).remote();
    CoreShapes.measure(rounds, ray, sys, actor, sync, async);
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
    int largePuts = rounds.quick() ? 3 : 10;
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
    moreShapes(ray, sys);
  }

  /** The rest of Ray's single-node shapes: many actors, many callers, nested refs, groups. */
  private void moreShapes(RayContext ray, String sys) throws Exception {
    int calls = n(100_000);
    List<ActorHandle<Workloads.Actor>> actors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      actors.add(ray.actor(Workloads.Actor::new).remote());
    }
    measure(
        "1_n_actor_calls_async",
        sys,
        calls,
        "ops/s",
        () -> {
          List<ObjectRef<Long>> refs = new ArrayList<>(calls);
          for (int i = 0; i < calls; i++) {
            refs.add(actors.get(i & 3).task(Workloads.Actor::call).remote());
          }
          ray.get(refs);
        });
    measure(
        "n_n_actor_calls_async",
        sys,
        2L * calls,
        "ops/s",
        () -> {
          inParallel(
              2,
              k -> {
                List<ObjectRef<Long>> refs = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                  refs.add(actors.get(k).task(Workloads.Actor::call).remote());
                }
                ray.get(refs);
              });
        });
    measure(
        "multi_client_tasks_async",
        sys,
        2L * calls,
        "ops/s",
        () -> {
          inParallel(
              2,
              k -> {
                List<ObjectRef<Integer>> refs = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                  refs.add(ray.task(Workloads::noop).remote());
                }
                ray.get(refs);
              });
        });
    List<ObjectRef<Integer>> tenThousand = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tenThousand.add(ray.put(i));
    }
    ObjectRef<List<ObjectRef<Integer>>> container = ray.put(tenThousand);
    int containerGets = n(50);
    measure(
        "single_client_get_object_containing_10k_refs",
        sys,
        containerGets,
        "ops/s",
        () -> {
          for (int i = 0; i < containerGets; i++) {
            ray.get(container);
          }
        });
    int groups = n(2_000);
    measure(
        "placement_group_create/removal",
        sys,
        groups,
        "ops/s",
        () -> {
          for (int i = 0; i < groups; i++) {
            io.stingray.api.PlacementGroup pg =
                ray.placementGroup(
                        List.of(java.util.Map.of("CPU", 0.5)),
                        io.stingray.api.PlacementStrategy.PACK)
                    .create();
            pg.wait(java.time.Duration.ofSeconds(10));
            ray.removePlacementGroup(pg.id());
          }
        });
  }

  private interface Client {
    void run(int index) throws Exception;
  }

  private static void inParallel(int n, Client client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Object>> fs = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int index = k;
        fs.add(
            pool.submit(
                () -> {
                  client.run(index);
                  return null;
                }));
      }
      for (Future<Object> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void queuedTasksHeap(RayContext ray) throws Exception {
    int count = rounds.quick() ? 200_000 : 1_000_000;
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
    System.out.printf(
        Locale.ROOT,
        "  (%,d tasks queued in %.2f s, drained in %.2f s)%n",
        count,
        submitSecs,
        drainSecs);
    rounds.add(
        new Measurement("queued_tasks_heap_" + count, "stingray-1node", new double[] {mib}, "MiB"));
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
      int largePuts = rounds.quick() ? 3 : 10;
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
}
