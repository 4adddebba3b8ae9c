package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorLifetime;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.admin.ClusterAdmin;
import io.stingray.api.exception.RayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition between real nodes (three in this JVM, each its own Infinispan member and
 * gRPC server; the JGroups traffic between the two sides dropped by {@link Partitions}, so failure
 * detection, views and the merge run as on a real split): the majority side keeps going, the
 * minority side fences itself and says so, and once the network heals the cluster is one again,
 * without a restart, with one instance of every actor.
 */
class PartitionTest {
  @TempDir static Path dir;
  RayNode a;
  RayNode b;
  RayNode c;

  /** An actor that says where it runs. */
  public static class Where {
    public String node() {
      return RayContext.current().runtimeContext().currentNodeId().hex();
    }
  }

  static String whereAmI() {
    return RayContext.current().runtimeContext().currentNodeId().hex();
  }

  /**
   * The built-in JGroups stack with {@link Partitions} above the transport, and failure detection
   * and merging made faster (8 s to suspect a member, merge probes every 1–3 s) so that the test
   * takes seconds, not a minute.
   */
  static String stack() throws IOException {
    String xml;
    try (InputStream in =
        PartitionTest.class.getClassLoader().getResourceAsStream("stingray-jgroups-tcp.xml")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String changed =
        xml.replace("<RED/>", "<io.stingray.raylet.Partitions/>\n   <RED/>")
            .replace(
                "<MERGE3 min_interval=\"5s\" max_interval=\"15s\"/>",
                "<MERGE3 min_interval=\"1s\" max_interval=\"3s\"/>")
            .replace(
                "<FD_ALL3 timeout=\"10s\" interval=\"2s\"/>",
                "<FD_ALL3 timeout=\"8s\" interval=\"2s\"/>");
    assertThat(changed).contains("Partitions", "max_interval=\"3s\"", "timeout=\"8s\"");
    Path file = dir.resolve("partitionable-" + UUID.randomUUID() + ".xml");
    Files.writeString(file, changed);
    return file.toString();
  }

  static RayNode node(String cluster, String name, String stack) {
    return RayNode.start(
        NodeConfig.builder()
            .clusterName(cluster)
            .nodeName(name)
            .numCpus(2)
            .namespace("shared")
            .jgroupsConfig(stack)
            .build());
  }

  @AfterEach
  void stop() {
    Partitions.heal();
    for (RayNode n : new RayNode[] {c, b, a}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static long alive(RayNode n) {
    return n.context().runtimeContext().nodes().stream().filter(NodeInfo::alive).count();
  }

  static void await(String what, BooleanCheck check) {
    NodeFixture.await(what, Duration.ofSeconds(60), check::ok);
  }

  /** A condition that may throw while the cluster is in flux (false until it holds). */
  interface BooleanCheck {
    boolean test() throws Exception;

    default boolean ok() {
      try {
        return test();
      } catch (Exception | AssertionError e) {
        return false;
      }
    }
  }

  @Test
  void theMajorityKeepsGoingTheMinorityFencesItselfAndTheClusterHealsWithOneInstancePerActor()
      throws IOException {
    String cluster = "partition-" + UUID.randomUUID();
    String stack = stack();
    a = node(cluster, "a", stack);
    b = node(cluster, "b", stack);
    c = node(cluster, "c", stack);
    await("three alive nodes", () -> alive(a) == 3 && alive(b) == 3 && alive(c) == 3);
    NodeId cId = c.id();

    // a detached actor that a owns, on c (soft affinity: it may restart elsewhere): c keeps its
    // instance while apart
    ActorHandle<Where> keeper =
        a.context()
            .actor(Where::new)
            .setLifetime(ActorLifetime.DETACHED)
            .setMaxRestarts(1)
            .setMaxTaskRetries(-1)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(cId, true))
            .remote();
    assertThat(keeper.task(Where::node).remote().get()).isEqualTo(cId.hex());
    // an actor c owns, on a: while apart a kills it (its owner's node is lost to a), and c, fenced,
    // may not restart it; once healed, c restarts it (it has restarts left) instead of failing
    // every call for good
    ActorHandle<Where> ownedByMinority =
        c.context()
            .actor(Where::new)
            .setMaxRestarts(-1)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(a.id(), true))
            .remote();
    assertThat(ownedByMinority.task(Where::node).remote().get()).isEqualTo(a.id().hex());

    Partitions.split(Set.of(a.id().hex(), b.id().hex()), Set.of(cId.hex()));

    await("each side sees only itself", () -> alive(a) == 2 && alive(c) == 1);
    ClusterAdmin.Health minority = c.admin().health();
    assertThat(minority.ready()).as("the minority is not ready").isFalse();
    assertThat(minority.live()).as("but live").isTrue();
    assertThat(minority.detail()).contains("minority partition", "1 of the 3 nodes");
    assertThat(a.admin().health().ready()).as("the majority stays ready").isTrue();
    assertThatThrownBy(() -> c.context().actor(Where::new).setName("only-one").remote())
        .isInstanceOf(RayException.class)
        .hasMessageContaining("cannot claim the actor name 'only-one'")
        .hasMessageContaining("minority partition");
    assertThatThrownBy(
            () ->
                c.context()
                    .placementGroup(List.of(Map.of("CPU", 1.0)), PlacementStrategy.PACK)
                    .create())
        .isInstanceOf(RayException.class)
        .hasMessageContaining("minority partition");
    // the majority restarted the actor on its side: calls from a reach the new instance
    String movedTo = keeper.task(Where::node).remote().get(Duration.ofSeconds(60));
    assertThat(movedTo).isIn(a.id().hex(), b.id().hex());

    Partitions.heal();

    await("one cluster of three again", () -> alive(a) == 3 && alive(b) == 3 && alive(c) == 3);
    // the first call after healing to the actor the minority owned is answered by the instance it
    // brings back: the call waits for it (it failed: "cannot take calls: ... its owner's node ...
    // was lost", until some later call found the actor back)
    String back = ownedByMinority.task(Where::node).remote().get(Duration.ofSeconds(45));
    assertThat(back).isIn(a.id().hex(), b.id().hex(), cId.hex());
    await("the healed node is ready again", () -> c.admin().health().ready());
    // the healed node is used again (it was not: a task pinned there failed for good)
    assertThat(
            a.context()
                .task(PartitionTest::whereAmI)
                .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(cId, false))
                .remote()
                .get(Duration.ofSeconds(30)))
        .isEqualTo(cId.hex());
    // one instance: the one c kept while apart stopped, calls from either side reach the other
    await(
        "the instance on the healed node stopped",
        () -> c.raylet().actors().pendingCalls(keeper.id()) == -1);
    assertThat(keeper.task(Where::node).remote().get(Duration.ofSeconds(30))).isEqualTo(movedTo);
    assertThat(c.context().getActor("only-one").isEmpty()).isTrue();
    assertThat(ownedByMinority.task(Where::node).remote().get(Duration.ofSeconds(30)))
        .isEqualTo(back);
    c.context().actor(Where::new).setName("only-one").remote(); // names can be claimed again
  }
}
