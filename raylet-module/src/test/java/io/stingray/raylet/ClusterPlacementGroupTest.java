package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.RayContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Placement groups over three nodes in one JVM: bundles reserved across nodes, names unique per
 * namespace in the cluster, and groups that lose a bundle's node or their creator.
 */
class ClusterPlacementGroupTest extends ThreeNodeCluster {
  @Test
  void placementGroupBundlesAreReservedAcrossNodesAndTasksRunInThem() {
    RayContext ray = a.context();
    List<Map<String, Double>> three =
        List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0), Map.of("CPU", 1.0));
    io.stingray.api.PlacementGroup pg =
        ray.placementGroup(three, io.stingray.api.PlacementStrategy.STRICT_SPREAD).create();
    assertThat(pg.wait(Duration.ofSeconds(10))).isTrue();
    Set<String> where = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      where.add(ray.task(ThreeNodeCluster::whereAmI).setPlacementGroup(pg, i).remote().get());
    }
    assertThat(where).containsExactlyInAnyOrder(a.id().hex(), b.id().hex(), c.id().hex());
    String bundle1 = ray.task(ThreeNodeCluster::whereAmI).setPlacementGroup(pg, 1).remote().get();
    ActorHandle<MultiProcessTest.Squarer> inBundle =
        ray.actor(MultiProcessTest.Squarer::new).setPlacementGroup(pg, 1).remote();
    assertThat(inBundle.task(MultiProcessTest.Squarer::where).remote().get()).isEqualTo(bundle1);
    inBundle.kill();
    io.stingray.api.PlacementGroup four =
        ray.placementGroup(
                List.of(
                    Map.of("CPU", 1.0), Map.of("CPU", 1.0), Map.of("CPU", 1.0), Map.of("CPU", 1.0)),
                io.stingray.api.PlacementStrategy.STRICT_SPREAD)
            .create();
    assertThat(four.wait(Duration.ofMillis(500))).as("4 bundles, 3 nodes").isFalse();
    ray.removePlacementGroup(four.id());
    ray.removePlacementGroup(pg.id());
    NodeFixture.await(
        "the bundles' CPUs are free again on every node",
        Duration.ofSeconds(10),
        () ->
            b.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0
                && c.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0
                && a.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0);
  }

  /** A named group of two one-CPU bundles on two nodes. */
  static io.stingray.api.PlacementGroup twoCpusSpread(RayContext ray, String name) {
    return ray.placementGroup(
            List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0)),
            io.stingray.api.PlacementStrategy.STRICT_SPREAD)
        .setName(name)
        .create();
  }

  @Test
  void aNamedPlacementGroupIsFoundUsedAndRemovedFromAnotherNode() {
    io.stingray.api.PlacementGroup pg = twoCpusSpread(a.context(), "shared-pg");
    assertThat(pg.wait(Duration.ofSeconds(10))).isTrue();
    io.stingray.api.PlacementGroup seen = b.context().getPlacementGroup("shared-pg").orElseThrow();
    assertThat(seen.id()).isEqualTo(pg.id());
    assertThat(seen.wait(Duration.ofSeconds(5))).isTrue();
    String bundle0 =
        a.context().task(ThreeNodeCluster::whereAmI).setPlacementGroup(pg, 0).remote().get();
    assertThat(
            b.context().task(ThreeNodeCluster::whereAmI).setPlacementGroup(seen, 0).remote().get())
        .isEqualTo(bundle0);
    b.context().removePlacementGroup(seen.id());
    NodeFixture.await(
        "the creator frees the group once another node removed it",
        Duration.ofSeconds(10),
        () ->
            a.context().getPlacementGroup("shared-pg").isEmpty()
                && a.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0
                && b.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0
                && c.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0);
  }

  @Test
  void aPlacementGroupNameIsUniqueInTheClusterUntilItsGroupIsRemoved() {
    List<Map<String, Double>> one = List.of(Map.of("CPU", 1.0));
    io.stingray.api.PlacementGroup first =
        a.context()
            .placementGroup(one, io.stingray.api.PlacementStrategy.PACK)
            .setName("unique-pg")
            .create();
    assertThatThrownBy(
            () ->
                b.context()
                    .placementGroup(one, io.stingray.api.PlacementStrategy.PACK)
                    .setName("unique-pg")
                    .create())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "'unique-pg' is taken in namespace 'shared' by group " + first.id().hex())
        .hasMessageContaining("on node " + a.id().hex());
    a.context().removePlacementGroup(first.id());
    io.stingray.api.PlacementGroup second =
        b.context()
            .placementGroup(one, io.stingray.api.PlacementStrategy.PACK)
            .setName("unique-pg")
            .create();
    assertThat(c.context().getPlacementGroup("unique-pg").map(g -> g.id())).contains(second.id());
    try (RayNode other =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .nodeName("other-namespace")
                .numCpus(1)
                .namespace("elsewhere")
                .clusterSecret(SECRET)
                .build())) {
      assertThat(other.context().getPlacementGroup("unique-pg"))
          .as("not in its namespace")
          .isEmpty();
      io.stingray.api.PlacementGroup theirs =
          other
              .context()
              .placementGroup(one, io.stingray.api.PlacementStrategy.PACK)
              .setName("unique-pg")
              .create();
      assertThat(other.context().getPlacementGroup("unique-pg").map(g -> g.id()))
          .contains(theirs.id());
      assertThat(c.context().getPlacementGroup("unique-pg").map(g -> g.id())).contains(second.id());
      other.context().removePlacementGroup(theirs.id());
    }
    awaitAlive(a, 3);
    b.context().removePlacementGroup(second.id());
  }

  @Test
  void aGroupWhoseCreatorIsLostFreesItsBundlesOnTheOtherNodes() {
    try (RayNode d = node("d6", 1, Map.of())) {
      awaitAlive(a, 4);
      io.stingray.api.PlacementGroup pg = twoCpusSpread(d.context(), "orphan-pg");
      assertThat(pg.wait(Duration.ofSeconds(10))).isTrue();
      List<RayNode> others = List.of(a, b, c);
      assertThat(others)
          .as("a bundle is held on a node other than its creator")
          .anyMatch(n -> n.raylet().scheduler().available().getOrDefault("CPU", 0.0) < 2.0);
      assertThat(a.context().getPlacementGroup("orphan-pg")).isPresent();
      d.close();
      NodeFixture.await(
          "the bundles held for d are freed and its group is gone",
          Duration.ofSeconds(20),
          () ->
              others.stream()
                      .allMatch(
                          n -> n.raylet().scheduler().available().getOrDefault("CPU", 0.0) == 2.0)
                  && a.context().getPlacementGroup("orphan-pg").isEmpty());
    }
    awaitAlive(a, 3);
  }

  @Test
  void bundlesOfALostNodeArePlacedAgainAndTheirWorkFollows() {
    try (RayNode d = node("d5", 1, Map.of("spare", 1.0));
        RayNode e = node("e5", 1, Map.of("spare", 1.0))) {
      awaitAlive(a, 5);
      io.stingray.api.PlacementGroup pg =
          a.context()
              .placementGroup(
                  List.of(Map.of("CPU", 1.0, "spare", 1.0)), io.stingray.api.PlacementStrategy.PACK)
              .create();
      assertThat(pg.wait(Duration.ofSeconds(10))).isTrue();
      NodeId first = a.raylet().placementGroups().nodeOf(pg, 0);
      assertThat(first).isIn(d.id(), e.id());
      RayNode host = first.equals(d.id()) ? d : e;
      RayNode other = host == d ? e : d;
      host.close();
      NodeFixture.await(
          "bundle 0 is placed again on the other node",
          Duration.ofSeconds(20),
          () -> other.id().equals(a.raylet().placementGroups().nodeOf(pg, 0)));
      String ranOn =
          a.context()
              .task(ThreeNodeCluster::whereAmI)
              .setPlacementGroup(pg, 0)
              .remote()
              .get(Duration.ofSeconds(20));
      assertThat(ranOn).isEqualTo(other.id().hex());
      assertThat(a.raylet().placementGroups().snapshot())
          .filteredOn(g -> g.id().equals(pg.id()))
          .singleElement()
          .satisfies(g -> assertThat(g.state()).isEqualTo("CREATED"));
      a.context().removePlacementGroup(pg.id());
    }
    awaitAlive(a, 3);
  }
}
