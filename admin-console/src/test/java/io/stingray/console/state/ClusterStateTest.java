package io.stingray.console.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.RayContext;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state API's answers over a real node with real actors. */
class ClusterStateTest {
  /** A trivial actor. */
  public static class Box {
    public int one() {
      return 1;
    }
  }

  static int fails(int x) {
    throw new IllegalStateException("bad " + x);
  }

  static int twice(int x) {
    return 2 * x;
  }

  @Test
  void listsRecentTasksWithTheirStateNodeTimingsAndErrors() {
    try (RayNode node =
        RayNode.start(
            NodeConfig.builder().clusterName("console-" + UUID.randomUUID()).numCpus(2).build())) {
      RayContext ray = node.context();
      for (int i = 0; i < 5; i++) {
        ray.task(ClusterStateTest::twice, i).remote().get();
      }
      io.stingray.api.ObjectRef<Integer> bad =
          ray.task(ClusterStateTest::fails, 7).setMaxRetries(0).remote();
      org.assertj.core.api.Assertions.catchThrowable(bad::get);

      StateResource api = new StateResource();
      List<Views.TaskView> all = api.tasks(100, 0, null);
      assertThat(all).hasSize(6);
      assertThat(api.tasks(100, 0, "FINISHED"))
          .hasSize(5)
          .allSatisfy(
              t -> {
                assertThat(t.function()).isEqualTo("ClusterStateTest.twice");
                assertThat(t.node()).isEqualTo(node.id().hex());
                assertThat(t.endedMillis()).isGreaterThanOrEqualTo(t.startedMillis());
                assertThat(t.startedMillis()).isGreaterThanOrEqualTo(t.submittedMillis());
              });
      assertThat(api.tasks(100, 0, "FAILED"))
          .singleElement()
          .satisfies(t -> assertThat(t.error()).contains("bad 7"));
      assertThat(api.tasks(2, 0, null)).hasSize(2);
      assertThat(api.summary().get("tasks").toString()).contains("FINISHED=5", "FAILED=1");
    }
  }

  @Test
  void listsObjectsAndPlacementGroups() {
    try (RayNode node =
        RayNode.start(
            NodeConfig.builder().clusterName("console-" + UUID.randomUUID()).numCpus(2).build())) {
      RayContext ray = node.context();
      io.stingray.api.ObjectRef<byte[]> big = ray.put(new byte[1 << 20]);
      io.stingray.api.ObjectRef<String> small = ray.put("hello");
      io.stingray.api.PlacementGroup pg =
          ray.placementGroup(
                  List.of(java.util.Map.of("CPU", 1.0)), io.stingray.api.PlacementStrategy.PACK)
              .setName("grp")
              .create();
      assertThat(pg.wait(java.time.Duration.ofSeconds(10))).isTrue();

      StateResource api = new StateResource();
      List<Views.ObjectView> objects = api.objects(100, 0, "READY");
      assertThat(objects)
          .extracting(Views.ObjectView::id)
          .contains(big.id().hex(), small.id().hex());
      assertThat(objects.get(0))
          .as("largest first")
          .satisfies(
              o -> {
                assertThat(o.id()).isEqualTo(big.id().hex());
                assertThat(o.sizeBytes()).isGreaterThan(1 << 20);
                assertThat(o.owner()).isEqualTo(node.id().hex());
                assertThat(o.references()).isEqualTo(1);
                assertThat(o.secondaryCopy()).isFalse();
              });
      assertThat(api.placementGroups(100, 0, null))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.name()).isEqualTo("grp");
                assertThat(g.state()).isEqualTo("CREATED");
                assertThat(g.bundleNodes()).containsEntry(0, node.id().hex());
              });
      java.lang.ref.Reference.reachabilityFence(big);
      java.lang.ref.Reference.reachabilityFence(small);
    }
  }

  @Test
  void listsNodesJobsAndActorsWithPagingAndStateFilters() {
    try (RayNode node =
        RayNode.start(
            NodeConfig.builder().clusterName("console-" + UUID.randomUUID()).numCpus(2).build())) {
      RayContext ray = node.context();
      ActorHandle<Box> alive = ray.actor(Box::new).setName("keeper").remote();
      ActorHandle<Box> doomed = ray.actor(Box::new).remote();
      alive.task(Box::one).remote().get();
      doomed.task(Box::one).remote().get();
      doomed.kill();

      StateResource api = new StateResource();
      assertThat(api.nodes(100, 0, null))
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.id()).isEqualTo(node.id().hex());
                assertThat(n.state()).isEqualTo("ALIVE");
                assertThat(n.totalResources()).containsEntry("CPU", 2.0);
              });
      assertThat(api.jobs(100, 0, "running")).hasSize(1);
      assertThat(api.actors(100, 0, null)).hasSize(2);
      List<Views.ActorView> aliveOnes = api.actors(100, 0, "ALIVE");
      assertThat(aliveOnes)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.name()).isEqualTo("keeper");
                assertThat(a.className()).endsWith("Box");
              });
      assertThat(api.actors(100, 0, "DEAD"))
          .singleElement()
          .satisfies(a -> assertThat(a.deathCause()).contains("killed"));
      assertThat(api.actors(1, 1, null)).hasSize(1);
      assertThat(api.actors(10, 5, null)).isEmpty();
      assertThatThrownBy(() -> Page.of(List.of(1), 0, 0, null, String::valueOf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(() -> Page.of(List.of(1), 10, -1, null, String::valueOf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offset");

      Map<String, Object> summary = api.summary();
      assertThat(summary.get("actors")).isEqualTo(Map.of("ALIVE", 1L, "DEAD", 1L));
      assertThat(summary.get("nodes")).isEqualTo(Map.of("ALIVE", 1L));
      assertThat(summary.get("clusterResources").toString()).contains("CPU=2.0");
    }
  }

  @Test
  void withoutANodeThereIsNoState() {
    assertThat(ClusterState.local()).isEmpty();
  }
}
