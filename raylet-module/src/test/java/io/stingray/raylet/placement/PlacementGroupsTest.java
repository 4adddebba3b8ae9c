package io.stingray.raylet.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementGroupId;
import io.stingray.api.PlacementStrategy;
import io.stingray.raylet.scheduler.LocalScheduler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Placement-group reservation without a cluster: the phases a node hosts, and remove racing. */
class PlacementGroupsTest {
  static final Map<String, Double> ONE_CPU = Map.of("CPU", 1.0);

  static LocalScheduler scheduler(double cpus) {
    return new LocalScheduler(Map.of("CPU", cpus), Runnable::run);
  }

  @Test
  void aSecondBundleOfAGroupOnANodeIsAddedNotSwappedAndRemovalFreesBoth() {
    LocalScheduler s = scheduler(4);
    PlacementGroups host = new PlacementGroups(s, NodeId.random(), null, null);
    PlacementGroupId g = PlacementGroupId.random();
    assertThat(host.reserveHere(PlacementGroups.Phase.PREPARE, g, Map.of(0, ONE_CPU))).isTrue();
    assertThat(host.reserveHere(PlacementGroups.Phase.COMMIT, g, Map.of(0, ONE_CPU))).isTrue();
    // a repair places bundle 2 of the same group here too
    assertThat(host.reserveHere(PlacementGroups.Phase.PREPARE, g, Map.of(2, ONE_CPU))).isTrue();
    assertThat(host.reserveHere(PlacementGroups.Phase.COMMIT, g, Map.of(2, ONE_CPU))).isTrue();
    assertThat(s.available()).containsEntry("CPU", 2.0).containsEntry("CPU_group_" + g.hex(), 2.0);

    host.reserveHere(PlacementGroups.Phase.CANCEL, g, Map.of(0, ONE_CPU, 2, ONE_CPU));
    assertThat(s.available()).as("both bundles given back").containsEntry("CPU", 4.0);
    assertThat(s.total().keySet()).as("no bundle resources left").containsExactly("CPU");
  }

  @Test
  void aPrepareSentTwiceTakesOnceAndACancelOfOneBundleLeavesTheOthers() {
    LocalScheduler s = scheduler(4);
    PlacementGroups host = new PlacementGroups(s, NodeId.random(), null, null);
    PlacementGroupId g = PlacementGroupId.random();
    host.reserveHere(PlacementGroups.Phase.PREPARE, g, Map.of(0, ONE_CPU));
    host.reserveHere(PlacementGroups.Phase.PREPARE, g, Map.of(0, ONE_CPU)); // answer was lost
    host.reserveHere(PlacementGroups.Phase.COMMIT, g, Map.of(0, ONE_CPU));
    assertThat(s.available()).containsEntry("CPU", 3.0);

    host.reserveHere(PlacementGroups.Phase.PREPARE, g, Map.of(1, ONE_CPU));
    host.reserveHere(PlacementGroups.Phase.CANCEL, g, Map.of(1, ONE_CPU)); // its rollback
    assertThat(s.available())
        .containsEntry("CPU", 3.0)
        .containsEntry("CPU_group_0_" + g.hex(), 1.0)
        .containsEntry("CPU_group_" + g.hex(), 1.0);
  }

  @Test
  void aCommitOfBundlesNeverPreparedIsRefused() {
    PlacementGroups host = new PlacementGroups(scheduler(2), NodeId.random(), null, null);
    assertThat(
            host.reserveHere(
                PlacementGroups.Phase.COMMIT, PlacementGroupId.random(), Map.of(0, ONE_CPU)))
        .isFalse();
  }

  /** A cluster whose one other node answers PREPARE only when the test lets it. */
  static final class SlowNode implements PlacementGroups.Cluster {
    final NodeId node = NodeId.random();
    final CountDownLatch preparing = new CountDownLatch(1);
    final CountDownLatch answer = new CountDownLatch(1);
    final LocalScheduler remoteScheduler = scheduler(4);
    final PlacementGroups remote = new PlacementGroups(remoteScheduler, node, null, null);

    @Override
    public Map<NodeId, Map<String, Double>> available() {
      return Map.of(node, remoteScheduler.available());
    }

    @Override
    public boolean send(
        NodeId to,
        PlacementGroups.Phase phase,
        PlacementGroupId id,
        Map<Integer, Map<String, Double>> bundles) {
      if (phase == PlacementGroups.Phase.PREPARE) {
        preparing.countDown();
        try {
          answer.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return remote.reserveHere(phase, id, bundles);
    }
  }

  @Test
  void aGroupRemovedWhilePlacedIsNotPlacedAndHoldsNothing() throws Exception {
    LocalScheduler here = scheduler(0.5); // nothing fits here: the bundle goes to the other node
    SlowNode other = new SlowNode();
    PlacementGroups groups = new PlacementGroups(here, NodeId.random(), other, null);
    CompletableFuture<PlacementGroup> created =
        CompletableFuture.supplyAsync(
            () ->
                groups
                    .creator(List.of(ONE_CPU), PlacementStrategy.PACK, "ns")
                    .create()); // places at once: blocks in PREPARE
    assertThat(other.preparing.await(10, TimeUnit.SECONDS)).isTrue();
    // the group is known before its placement ends: remove it now
    for (PlacementGroups.GroupInfo info : groups.snapshot()) {
      groups.remove(info.id());
    }
    other.answer.countDown();
    PlacementGroup pg = created.get(10, TimeUnit.SECONDS);
    assertThat(pg.wait(java.time.Duration.ofMillis(100))).as("never placed").isFalse();
    assertThat(groups.snapshot()).isEmpty();
    assertThat(other.remote.reserveHere(PlacementGroups.Phase.COMMIT, pg.id(), Map.of(0, ONE_CPU)))
        .as("nothing of it is left on the other node")
        .isFalse();
    assertThat(other.remoteScheduler.available()).containsEntry("CPU", 4.0);
  }
}
