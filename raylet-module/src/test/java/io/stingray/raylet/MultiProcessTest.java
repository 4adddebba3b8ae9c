package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nodes in separate JVMs ({@link RayNodeMain}) form one GCS cluster with this JVM's node. */
@Tag("slow")
class MultiProcessTest {
  @Test
  void aNodeProcessJoinsTheClusterAndIsMarkedDeadWhenKilled() throws Exception {
    String cluster = "mp-" + UUID.randomUUID();
    try (RayNode driver =
        RayNode.start(
            NodeConfig.builder().clusterName(cluster).numCpus(1).clusterSecret(SECRET).build())) {
      try (NodeProcess other = startNode(cluster, "--cpus", "2", "--resources", "GPU=1")) {
        NodeId otherId = other.id();
        NodeFixture.await(
            "the other node is alive in the node table",
            Duration.ofSeconds(30),
            () -> alive(driver, otherId));
        assertThat(driver.context().clusterResources())
            .containsEntry("CPU", 3.0)
            .containsEntry("GPU", 1.0);
        other.kill(); // kill -9
        NodeFixture.await(
            "the killed node is marked dead",
            Duration.ofSeconds(30),
            () -> !alive(driver, otherId));
        assertThat(driver.context().clusterResources()).containsEntry("CPU", 1.0);
      }
    }
  }

  static final String SECRET = "multi-process-secret";

  static String whereAmI() {
    return io.stingray.api.RayContext.current().runtimeContext().currentNodeId().hex();
  }

  static int slowDouble(int i) throws InterruptedException {
    Thread.sleep(20);
    return 2 * i;
  }

  static ObjectRef<byte[]> makeBig(int size, int seed) {
    return io.stingray.api.RayContext.current().put(ClusterTest.bytes(size, seed));
  }

  /** A stateless actor, so that its answers are the same after a restart elsewhere. */
  public static class Squarer {
    public int square(int i) {
      return i * i;
    }

    public String where() {
      return whereAmI();
    }
  }

  @Test
  void threeNodeProcessesShareTasksObjectsAndActorsAndSurviveAKill() throws Exception {
    String cluster = "mp3-" + UUID.randomUUID();
    List<NodeProcess> procs = new ArrayList<>();
    try (RayNode driver =
        RayNode.start(
            NodeConfig.builder().clusterName(cluster).numCpus(1).clusterSecret(SECRET).build())) {
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        NodeProcess p = startNode(cluster, "--cpus", "2", "--node-name", "p" + i);
        procs.add(p);
        ids.add(p.id());
      }
      RayContext ray = driver.context();
      NodeFixture.await(
          "four alive nodes",
          Duration.ofSeconds(60),
          () -> ray.runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == 4);

      // tasks spread over every process
      List<ObjectRef<String>> where = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        where.add(
            ray.task(MultiProcessTest::whereAmI)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote());
      }
      assertThat(new HashSet<>(ray.get(where))).containsAll(ids.stream().map(NodeId::hex).toList());

      // a 64 MiB object made on p0 and read by a task on p1 (pulled from p0, not through here)
      ObjectRef<ObjectRef<byte[]>> made =
          ray.task(MultiProcessTest::makeBig, 64 << 20, 3)
              .setSchedulingStrategy(on(ids.get(0)))
              .remote();
      ObjectRef<byte[]> big = made.get();
      long seen =
          ray.task(ClusterTest::checksum, big).setSchedulingStrategy(on(ids.get(1))).remote().get();
      assertThat(seen).isEqualTo(ClusterTest.checksum(ClusterTest.bytes(64 << 20, 3)));
      // and one put here, read on p2
      byte[] local = ClusterTest.bytes(64 << 20, 4);
      assertThat(
              ray.task(ClusterTest::checksum, ray.put(local))
                  .setSchedulingStrategy(on(ids.get(2)))
                  .remote()
                  .get())
          .isEqualTo(ClusterTest.checksum(local));

      // an actor on p2; then kill -9 of p2 during a load of tasks and actor calls
      ActorHandle<Squarer> squarer =
          ray.actor(Squarer::new)
              .setMaxRestarts(2)
              .setMaxTaskRetries(-1)
              .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(ids.get(2), true))
              .remote();
      assertThat(squarer.task(Squarer::where).remote().get()).isEqualTo(ids.get(2).hex());
      List<ObjectRef<Integer>> doubled = new ArrayList<>();
      List<ObjectRef<Integer>> squared = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        doubled.add(
            ray.task(MultiProcessTest::slowDouble, i)
                .setSchedulingStrategy(SchedulingStrategy.spread())
                .remote());
        squared.add(squarer.task(Squarer::square, i).remote());
        if (i == 100) {
          procs.get(2).kill(); // kill -9
        }
      }
      for (int i = 0; i < 300; i++) {
        assertThat(doubled.get(i).get(Duration.ofSeconds(60))).isEqualTo(2 * i);
        assertThat(squared.get(i).get(Duration.ofSeconds(60))).isEqualTo(i * i);
      }
      assertThat(squarer.task(Squarer::where).remote().get()).isNotEqualTo(ids.get(2).hex());
      NodeFixture.await(
          "the killed node is marked dead",
          Duration.ofSeconds(30),
          () -> !alive(driver, ids.get(2)));
    } finally {
      procs.forEach(NodeProcess::kill);
    }
  }

  private static SchedulingStrategy on(NodeId node) {
    return SchedulingStrategy.nodeAffinity(node, false);
  }

  @Test
  void aNodeProcessPausedLongEnoughToBeLostIsUsedAgainOnceItResumes() throws Exception {
    String cluster = "mpp-" + UUID.randomUUID();
    try (RayNode driver =
            RayNode.start(
                NodeConfig.builder()
                    .clusterName(cluster)
                    .numCpus(1)
                    .clusterSecret(SECRET)
                    .build());
        NodeProcess p1 = startNode(cluster, "--cpus", "1", "--node-name", "p1");
        NodeProcess p2 = startNode(cluster, "--cpus", "1", "--node-name", "p2")) {
      RayContext ray = driver.context();
      NodeFixture.await(
          "three alive nodes",
          Duration.ofSeconds(60),
          () -> ray.runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == 3);
      signal("STOP", p2); // as a long GC pause or SIGSTOP would
      try {
        NodeFixture.await(
            "the paused node is lost", Duration.ofSeconds(60), () -> !alive(driver, p2.id()));
        assertThat(driver.raylet().fenced()).as("two of three keep going").isNull();
        assertThat(
                ray.task(MultiProcessTest::whereAmI)
                    .setSchedulingStrategy(on(p1.id()))
                    .remote()
                    .get(Duration.ofSeconds(30)))
            .isEqualTo(p1.id().hex());
      } finally {
        signal("CONT", p2);
      }
      NodeFixture.await(
          "the resumed node is alive again", Duration.ofSeconds(90), () -> alive(driver, p2.id()));
      String ran =
          NodeFixture.eventually(
              "a task pinned to the resumed node runs there",
              Duration.ofSeconds(60),
              () ->
                  ray.task(MultiProcessTest::whereAmI)
                      .setSchedulingStrategy(on(p2.id()))
                      .remote()
                      .get(Duration.ofSeconds(10)));
      assertThat(ran).isEqualTo(p2.id().hex());
      assertThat(driver.raylet().fenced()).isNull();
    }
  }

  /** Sends a signal (STOP, CONT) to a node process. */
  private static void signal(String name, NodeProcess p) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, String.valueOf(p.process().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).as("kill -" + name).isZero();
  }

  @Test
  void badArgumentsExitWithAMessage() {
    assertThatThrownBy(() -> startNode("x", "--cpus", "many"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended")
        .hasMessageContaining("--cpus takes a whole number");
    assertThatThrownBy(() -> RayNodeMain.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("unknown option --bogus");
  }

  private static boolean alive(RayNode driver, NodeId id) {
    return driver.context().runtimeContext().nodes().stream()
        .filter(n -> n.id().equals(id))
        .anyMatch(NodeInfo::alive);
  }

  private static NodeProcess startNode(String cluster, String... extra) {
    return startNodeWithHeap("512m", cluster, extra);
  }

  /** A {@link RayNodeMain} process with this heap, in the cluster, sharing {@link #SECRET}. */
  static NodeProcess startNodeWithHeap(String heap, String cluster, String... extra) {
    List<String> args = new ArrayList<>(List.of("--cluster", cluster));
    args.addAll(List.of(extra));
    return NodeProcess.start(
        List.of("-Xmx" + heap),
        Map.of("STINGRAY_CLUSTER_SECRET", SECRET),
        Path.of("target", "node-" + UUID.randomUUID() + ".log"),
        Duration.ofSeconds(60),
        args.toArray(String[]::new));
  }
}
