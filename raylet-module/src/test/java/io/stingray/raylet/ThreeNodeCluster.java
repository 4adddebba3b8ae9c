package io.stingray.raylet;

import io.stingray.api.NodeInfo;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Three nodes in one JVM (each its own Infinispan member, MapDB store and gRPC server) forming one
 * cluster, started once per test class, with the helpers the cluster tests share.
 */
abstract class ThreeNodeCluster {
  static final String SECRET = "cluster-test-secret";
  static String cluster;
  static RayNode a;
  static RayNode b;
  static RayNode c;

  @BeforeAll
  static void start() {
    cluster = "ct-" + UUID.randomUUID();
    a = node("a", 2, Map.of());
    b = node("b", 2, Map.of());
    c = node("c", 2, Map.of("ssd", 1.0));
    awaitAlive(a, 3);
    awaitAlive(b, 3);
    awaitAlive(c, 3);
  }

  @AfterAll
  static void stop() {
    for (RayNode n : new RayNode[] {c, b, a}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static RayNode node(String name, int cpus, Map<String, Double> resources) {
    return RayNode.start(
        NodeConfig.builder()
            .clusterName(cluster)
            .nodeName(name)
            .numCpus(cpus)
            .resources(resources)
            .namespace("shared")
            .clusterSecret(SECRET)
            .build());
  }

  static void awaitAlive(RayNode n, int count) {
    NodeFixture.await(
        count + " alive nodes seen by " + n.id().hex(),
        Duration.ofSeconds(30),
        () ->
            n.context().runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == count);
  }

  static String whereAmI() {
    return RayContext.current().runtimeContext().currentNodeId().hex();
  }

  static String slowWhereAmI(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return whereAmI();
  }

  static long checksum(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return crc.getValue();
  }

  static byte[] bytes(int size, int seed) {
    byte[] d = new byte[size];
    new java.util.Random(seed).nextBytes(d);
    return d;
  }

  static SchedulingStrategy on(RayNode n) {
    return SchedulingStrategy.nodeAffinity(n.id(), false);
  }
}
