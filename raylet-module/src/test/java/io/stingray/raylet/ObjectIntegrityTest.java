package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeInfo;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reproduction of issue 12: large objects made on one node and read on every node (by the
 * driver, by tasks on the other nodes and by a task on the node that made them) must come back with
 * the bytes they were made with — over the object port and over gRPC alone. Rounds: {@code
 * -Dstingray.integrity.rounds} (default 40; the bar is 200 in a row).
 */
class ObjectIntegrityTest {
  static final int ROUNDS = Integer.getInteger("stingray.integrity.rounds", 40);

  /** A seeded random array of the given size. */
  static byte[] make(int size, long seed) {
    byte[] d = new byte[size];
    new Random(seed).nextBytes(d);
    return d;
  }

  static long crc(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return c.getValue();
  }

  @ParameterizedTest(name = "objectPort {0}")
  @ValueSource(ints = {0, -1})
  void largeObjectsReadEverywhereKeepTheirBytes(int objectPort) {
    String cluster = "integrity-" + UUID.randomUUID();
    List<RayNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(
            RayNode.start(
                NodeConfig.builder()
                    .clusterName(cluster)
                    .nodeName("node" + i)
                    .numCpus(2)
                    .resources(Map.of("node" + i, 8.0))
                    .clusterSecret("integrity-test-secret")
                    .objectPort(objectPort)
                    .objectStoreMemory(512L << 20)
                    .build()));
      }
      for (RayNode n : nodes) {
        NodeFixture.await(
            "3 alive nodes",
            Duration.ofSeconds(30),
            () ->
                n.context().runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == 3);
      }
      RayContext ray = nodes.get(0).context();
      Random random = new Random(12);
      List<String> wrong = new ArrayList<>();
      int reads = 0;
      for (int round = 0; round < ROUNDS; round++) {
        int maker = 1 + random.nextInt(2);
        int other = 3 - maker;
        int size = (1 << 20) + random.nextInt(24 << 20);
        long seed = random.nextLong();
        long expected = crc(make(size, seed));
        ObjectRef<byte[]> data =
            ray.task(ObjectIntegrityTest::make, size, seed).setResource("node" + maker, 1).remote();
        if (random.nextBoolean()) {
          reads++;
          if (crc(data.get()) != expected) {
            wrong.add("round " + round + ": the driver's get");
          }
        }
        List<ObjectRef<Long>> checks = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (int node : new int[] {other, other, maker}) {
          checks.add(
              ray.task(ObjectIntegrityTest::crc, data).setResource("node" + node, 1).remote());
          where.add("a task on node" + node);
        }
        List<Long> got = ray.get(checks);
        for (int i = 0; i < got.size(); i++) {
          reads++;
          if (got.get(i) != expected) {
            wrong.add(
                "round "
                    + round
                    + " ("
                    + size
                    + " bytes made on node"
                    + maker
                    + "): "
                    + where.get(i));
          }
        }
      }
      System.out.printf(
          "object integrity, objectPort %d: %d rounds, %d reads, %d wrong%n",
          objectPort, ROUNDS, reads, wrong.size());
      assertThat(wrong).as("reads with wrong bytes out of " + reads).isEmpty();
      for (RayNode n : nodes) {
        assertThat(n.raylet().traffic().checksumFailures())
            .as("objects that arrived damaged on " + n.id().hex() + " (retried, but a bug)")
            .isZero();
      }
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }
}
