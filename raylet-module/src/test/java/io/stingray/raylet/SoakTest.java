package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.RayContext;
import io.stingray.api.exception.TaskCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's soak: a driver here and three node processes ({@link RayNodeMain}) under mixed work
 * for {@code -Dstingray.soak.minutes} (default 2; {@code benchmarks/soak --minutes N} for longer):
 * objects of 1 KiB–32 MiB made on every node and read on every other, nested refs, refs as
 * arguments, actors keeping a running checksum of their calls, cancels, frees, placement groups
 * created and removed. Checked at the end: every result equals its local computation, every actor's
 * state equals the fold of its acknowledged calls, every {@code get} returned within its deadline,
 * every node's store is back to its baseline once the refs are gone, and thread counts do not grow
 * from round to round. Prints one line of figures.
 */
@Tag("slow")
class SoakTest {
  static final String SECRET = MultiProcessTest.SECRET; // what the node processes are given
  static final Duration GET_DEADLINE = Duration.ofSeconds(60);

  /** Seeded random bytes, as the integrity test makes them. */
  static byte[] make(int size, long seed) {
    return ObjectIntegrityTest.make(size, seed);
  }

  static long crc(byte[] data) {
    return ObjectIntegrityTest.crc(data);
  }

  /** A task that puts an object where it runs and returns the ref to it (a nested ref). */
  static ObjectRef<byte[]> putThere(int size, long seed) {
    return RayContext.current().put(make(size, seed));
  }

  /**
   * Reads a ref that came inside another object's value, passed on inside a list (a ref as a
   * top-level argument would be resolved to its value before the task runs).
   */
  static long crcOfNested(List<ObjectRef<byte[]>> inner) {
    return crc(inner.get(0).get());
  }

  static long slow(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** What a node's process holds now: store bytes (memory + spill) and live threads. */
  static long[] usage() {
    System.gc(); // so that refs this process dropped are released
    Raylet r = Raylet.running().get(0);
    return new long[] {
      r.store().usedBytes() + r.store().spilledBytes(),
      java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(),
    };
  }

  /** What a node still holds, for the message of a store that did not return to its baseline. */
  static String describe() {
    System.gc();
    Raylet r = Raylet.running().get(0);
    return "objects "
        + r.table().snapshot(20)
        + ", pinned for borrowers "
        + r.loans().pinned()
        + ", unacknowledged borrowing changes "
        + r.borrowers().unacknowledgedChanges();
  }

  /** An actor whose state is a fold of every call it took, in order. */
  public static class Folder {
    private long state = 17;

    public long add(long x) {
      state = state * 31 + x;
      return state;
    }

    public long state() {
      return state;
    }
  }

  static long fold(List<Long> values) {
    long s = 17;
    for (long x : values) {
      s = s * 31 + x;
    }
    return s;
  }

  @Test
  void mixedWorkOverThreeNodeProcessesLosesAndCorruptsNothing() throws Exception {
    double minutes = Double.parseDouble(System.getProperty("stingray.soak.minutes", "2"));
    String cluster = "soak-" + UUID.randomUUID();
    List<NodeProcess> procs = new ArrayList<>();
    List<String> anomalies = new ArrayList<>();
    long[] counts = new long[2]; // operations, bytes moved
    int rounds = 0;
    try (RayNode driver =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .numCpus(1)
                .clusterSecret(SECRET)
                .objectStoreMemory(256L << 20)
                .build())) {
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        NodeProcess p =
            MultiProcessTest.startNodeWithHeap(
                "768m",
                cluster,
                "--cpus",
                "2",
                "--node-name",
                "n" + i,
                "--resources",
                "n" + i + "=100");
        procs.add(p);
        ids.add(p.id());
      }
      RayContext ray = driver.context();
      NodeFixture.await(
          "four alive nodes",
          Duration.ofSeconds(60),
          () -> ray.runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == 4);

      List<ActorHandle<Folder>> folders = new ArrayList<>();
      List<List<Long>> acked = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        folders.add(ray.actor(Folder::new).setResource("n" + i, 1).remote());
        acked.add(new ArrayList<>());
      }
      long[][] baseline = usageOfEach(ray, 3);
      long[][] afterFirstRound = null;
      Random random = new Random(2026);
      long end = System.nanoTime() + (long) (minutes * 60e9);
      while (System.nanoTime() < end) {
        rounds++;
        round(ray, random, rounds, folders, acked, anomalies, counts);
        if (rounds == 1) {
          afterFirstRound = usageOfEach(ray, 3);
        }
      }
      for (int a = 0; a < 3; a++) {
        Long state = get(ray, folders.get(a).task(Folder::state).remote(), anomalies, "state");
        if (state == null || state != fold(acked.get(a))) {
          anomalies.add("actor " + a + "'s state is not the fold of its acknowledged calls");
        }
      }
      // every ref of the rounds is gone: each node's store returns to its baseline
      long driverBaseline = 0; // the driver holds nothing between rounds
      try {
        NodeFixture.await(
            "the driver's store empty",
            Duration.ofSeconds(60),
            () -> {
              System.gc();
              return driver.raylet().store().usedBytes() + driver.raylet().store().spilledBytes()
                  <= driverBaseline;
            });
      } catch (AssertionError e) {
        anomalies.add(e.getMessage());
      }
      for (int n = 0; n < 3; n++) {
        int node = n;
        try {
          NodeFixture.await(
              "node n" + node + "'s store back to its baseline",
              Duration.ofSeconds(60),
              () -> {
                System.gc();
                // every node collects: a borrower releases a node's object only once its refs
                // to it are collected, and an idle node does not collect on its own
                return usageOfEach(ray, 3)[node][0] <= baseline[node][0];
              });
        } catch (AssertionError e) {
          anomalies.add(
              e.getMessage()
                  + ": "
                  + usageOf(ray, node)[0]
                  + " > "
                  + baseline[node][0]
                  + "; it holds "
                  + ray.task(SoakTest::describe).setResource("n" + node, 1).remote().get()
                  + "; the driver holds "
                  + driver.raylet().table().snapshot(20));
        }
        long threads = usageOf(ray, node)[1];
        if (afterFirstRound != null && threads > afterFirstRound[node][1] + 20) {
          anomalies.add(
              "node n"
                  + node
                  + " has "
                  + threads
                  + " threads, "
                  + afterFirstRound[node][1]
                  + " after round 1");
        }
      }
      System.out.printf(
          "soak: %d rounds, %d operations, %d MiB moved, %d anomalies in %.1f minutes%n",
          rounds, counts[0], counts[1] >> 20, anomalies.size(), minutes);
      assertThat(anomalies).isEmpty();
      assertThat(rounds).isPositive();
    } finally {
      procs.forEach(NodeProcess::kill);
    }
  }

  /**
   * One round of mixed work; every ref it makes is unreachable once it returns.
   *
   * @param counts operations and bytes moved, added to
   */
  private static void round(
      RayContext ray,
      Random random,
      int rounds,
      List<ActorHandle<Folder>> folders,
      List<List<Long>> acked,
      List<String> anomalies,
      long[] counts) {
    // objects made on one node, read by tasks on the others and by the driver
    List<ObjectRef<byte[]>> made = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      int size =
          random.nextInt(8) == 0 ? 1024 + random.nextInt(32 << 20) : 1024 + random.nextInt(2 << 20);
      long seed = random.nextLong();
      int maker = random.nextInt(3);
      made.add(ray.task(SoakTest::make, size, seed).setResource("n" + maker, 1).remote());
      expected.add(crc(make(size, seed)));
      counts[1] += 2L * size;
    }
    List<ObjectRef<Long>> reads = new ArrayList<>();
    List<Long> readExpected = new ArrayList<>();
    for (int k = 0; k < made.size(); k++) {
      for (int reader = 0; reader < 3; reader++) {
        reads.add(ray.task(SoakTest::crc, made.get(k)).setResource("n" + reader, 1).remote());
        readExpected.add(expected.get(k));
      }
    }
    // a nested ref: put on one node, read through the outer value on another
    int size = 1024 + random.nextInt(4 << 20);
    long seed = random.nextLong();
    ObjectRef<ObjectRef<byte[]>> outer =
        ray.task(SoakTest::putThere, size, seed).setResource("n" + random.nextInt(3), 1).remote();
    ObjectRef<byte[]> inner = get(ray, outer, anomalies, "outer ref");
    if (inner != null) {
      reads.add(
          ray.task(SoakTest::crcOfNested, List.of(inner))
              .setResource("n" + random.nextInt(3), 1)
              .remote());
      readExpected.add(crc(make(size, seed)));
    }
    // actor calls, each acknowledged value recorded
    List<List<ObjectRef<Long>>> calls = new ArrayList<>();
    List<List<Long>> sent = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      List<ObjectRef<Long>> c = new ArrayList<>();
      List<Long> v = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        long x = random.nextInt(1000);
        c.add(folders.get(a).task(Folder::add, x).remote());
        v.add(x);
      }
      calls.add(c);
      sent.add(v);
    }
    // cancels: a slow task, cancelled or not, ends as its value or as cancelled
    ObjectRef<Long> slow =
        ray.task(SoakTest::slow, 200L).setResource("n" + random.nextInt(3), 1).remote();
    boolean cancel = random.nextBoolean();
    if (cancel) {
      ray.cancel(slow, random.nextBoolean(), false);
    }
    // a placement group made and removed
    PlacementGroup group =
        ray.placementGroup(
                List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0)), PlacementStrategy.SPREAD)
            .create();
    if (!group.wait(GET_DEADLINE)) {
      anomalies.add("round " + rounds + ": placement group not ready within " + GET_DEADLINE);
    }
    ray.removePlacementGroup(group.id());

    for (int k = 0; k < reads.size(); k++) {
      Long got = get(ray, reads.get(k), anomalies, "read " + k);
      counts[0]++;
      if (got != null && got.longValue() != readExpected.get(k)) {
        anomalies.add("round " + rounds + ": read " + k + " returned other bytes");
      }
    }
    if (random.nextBoolean()) {
      byte[] here = get(ray, made.get(0), anomalies, "driver read");
      if (here != null && crc(here) != expected.get(0)) {
        anomalies.add("round " + rounds + ": the driver read other bytes");
      }
      counts[0]++;
    }
    for (int a = 0; a < 3; a++) {
      for (int k = 0; k < calls.get(a).size(); k++) {
        Long s = get(ray, calls.get(a).get(k), anomalies, "actor call");
        counts[0]++;
        if (s != null) {
          acked.get(a).add(sent.get(a).get(k));
          if (s != fold(acked.get(a))) {
            anomalies.add("round " + rounds + ": actor " + a + " answered a state off its calls");
          }
        }
      }
    }
    try {
      Long v = slow.get(GET_DEADLINE);
      if (v != 200L) {
        anomalies.add("round " + rounds + ": the slow task returned " + v);
      }
    } catch (TaskCancelledException e) {
      if (!cancel) {
        anomalies.add("round " + rounds + ": a task nobody cancelled was cancelled: " + e);
      }
    } catch (RuntimeException e) {
      anomalies.add("round " + rounds + ": the slow task failed: " + e);
    }
    counts[0] += made.size() + 4;
  }

  private static <T> T get(RayContext ray, ObjectRef<T> ref, List<String> anomalies, String what) {
    try {
      return ray.get(ref, GET_DEADLINE);
    } catch (RuntimeException e) {
      anomalies.add(what + ": " + e);
      return null;
    }
  }

  private static long[] usageOf(RayContext ray, int node) {
    return ray.task(SoakTest::usage).setResource("n" + node, 1).remote().get(GET_DEADLINE);
  }

  private static long[][] usageOfEach(RayContext ray, int nodes) {
    long[][] u = new long[nodes][];
    for (int n = 0; n < nodes; n++) {
      u[n] = usageOf(ray, n);
    }
    return u;
  }
}
