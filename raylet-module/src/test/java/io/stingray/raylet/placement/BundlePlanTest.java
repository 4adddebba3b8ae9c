package io.stingray.raylet.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which node takes which bundle, per strategy: pure planning, no cluster. */
class BundlePlanTest {
  static final Map<String, Double> ONE_CPU = Map.of("CPU", 1.0);
  final NodeId here = NodeId.random();
  final NodeId other = NodeId.random();
  final NodeId third = NodeId.random();

  /** Free CPUs per node, this node first (as PlacementGroups passes them). */
  Map<NodeId, Map<String, Double>> free(double here, double other, double third) {
    Map<NodeId, Map<String, Double>> m = new LinkedHashMap<>();
    m.put(this.here, Map.of("CPU", here));
    m.put(this.other, Map.of("CPU", other));
    m.put(this.third, Map.of("CPU", third));
    return m;
  }

  @Test
  void packPutsEveryBundleOnTheFirstNodeWithRoomForAllElseFillsNodesInTurn() {
    List<Map<String, Double>> three = List.of(ONE_CPU, ONE_CPU, ONE_CPU);
    assertThat(BundlePlan.assign(three, PlacementStrategy.PACK, free(4, 4, 4)).values())
        .containsOnly(here);
    assertThat(BundlePlan.assign(three, PlacementStrategy.PACK, free(1, 3, 4)).values())
        .as("the first node with room for all three")
        .containsOnly(other);
    assertThat(BundlePlan.assign(three, PlacementStrategy.PACK, free(1, 1, 1)))
        .as("no node has room for all: filled in turn")
        .containsExactly(Map.entry(0, here), Map.entry(1, other), Map.entry(2, third));
  }

  @Test
  void strictPackNeedsOneNodeForAll() {
    List<Map<String, Double>> two = List.of(ONE_CPU, ONE_CPU);
    assertThat(BundlePlan.assign(two, PlacementStrategy.STRICT_PACK, free(1, 1, 1))).isNull();
    assertThat(BundlePlan.assign(two, PlacementStrategy.STRICT_PACK, free(1, 2, 1)).values())
        .containsOnly(other);
  }

  @Test
  void spreadGoesRoundTheNodesAndSharesOneOnlyIfItMust() {
    List<Map<String, Double>> three = List.of(ONE_CPU, ONE_CPU, ONE_CPU);
    assertThat(BundlePlan.assign(three, PlacementStrategy.SPREAD, free(4, 4, 4)).values())
        .containsExactlyInAnyOrder(here, other, third);
    assertThat(BundlePlan.assign(three, PlacementStrategy.SPREAD, free(2, 1, 0)).values())
        .as("the third node has no CPU free: one node takes two")
        .containsExactlyInAnyOrder(here, here, other);
  }

  @Test
  void strictSpreadNeedsANodeOfItsOwnPerBundle() {
    List<Map<String, Double>> three = List.of(ONE_CPU, ONE_CPU, ONE_CPU);
    assertThat(BundlePlan.assign(three, PlacementStrategy.STRICT_SPREAD, free(4, 4, 0))).isNull();
    assertThat(BundlePlan.assign(three, PlacementStrategy.STRICT_SPREAD, free(1, 1, 1)).values())
        .containsExactlyInAnyOrder(here, other, third);
  }

  @Test
  void bundlesNeverTakeMoreThanANodeHasFree() {
    List<Map<String, Double>> big = List.of(Map.of("CPU", 2.0), Map.of("CPU", 2.0));
    for (PlacementStrategy s : PlacementStrategy.values()) {
      Map<Integer, NodeId> plan = BundlePlan.assign(big, s, free(3, 1, 1));
      assertThat(plan).as(s.name()).isNull(); // only one node can take a 2-CPU bundle
    }
  }
}
