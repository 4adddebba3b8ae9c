package io.stingray.raylet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ray's hybrid placement over a node table in memory (the GCS's in-memory twin): which node a task
 * goes to, without a cluster.
 */
class PlacementTest {
  static final String JOB = "app";
  final GlobalControlStore gcs = GlobalControlStore.inMemory("test", Runnable::run);
  final NodeId self = NodeId.random();
  final ClusterView view = new ClusterView(gcs.nodes(), self);
  final Map<NodeId, Integer> inFlight = new HashMap<>();
  LocalScheduler local;

  @AfterEach
  void close() {
    gcs.close();
  }

  /** A scheduler of {@code cpus} CPUs on an executor that takes work and never runs it. */
  Placement placement(double cpus, int busyCpus) {
    local = new LocalScheduler(Map.of("CPU", cpus), work -> {});
    for (int i = 0; i < busyCpus; i++) {
      local.submit(
          new LocalScheduler.Work() {
            @Override
            public ResourceSet demand() {
              return ResourceSet.ONE_CPU;
            }

            @Override
            public void run() {}

            @Override
            public void abandon(RuntimeException why) {}
          },
          false);
    }
    gcs.nodes().put(node(self, Map.of("CPU", cpus), cpus - busyCpus, JOB));
    return new Placement(view, local, n -> inFlight.getOrDefault(n, 0));
  }

  NodeRecord node(NodeId id, Map<String, Double> total, double freeCpus, String jobs) {
    Map<String, Double> free = new HashMap<>(total);
    free.put("CPU", freeCpus);
    return new NodeRecord(
        id,
        "n-" + id.hex().substring(0, 6),
        "127.0.0.1:1",
        true,
        total,
        free,
        jobs == null ? Map.of() : Map.of(ClusterView.JOBS_LABEL, jobs),
        Set.<JobId>of(),
        System.currentTimeMillis());
  }

  NodeId remote(double cpus, double freeCpus, String jobs) {
    NodeId id = NodeId.random();
    gcs.nodes().put(node(id, Map.of("CPU", cpus), freeCpus, jobs));
    view.invalidate();
    return id;
  }

  static final SchedulingStrategy DEFAULT = SchedulingStrategy.defaultStrategy();

  @Test
  void workStaysHereWhileThisNodeIsLessThanHalfBusy() {
    Placement p = placement(4, 1);
    remote(8, 8, JOB);
    assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(), null)).isEqualTo(self);
  }

  @Test
  void aBusyNodeSendsWorkToTheLeastLoadedNodeWithTheJobsCode() {
    Placement p = placement(2, 2);
    NodeId idle = remote(4, 4, JOB);
    remote(4, 0, JOB); // as busy as can be
    remote(64, 64, "other-app"); // idle but without the job's code
    remote(4, 4, null); // no job at all
    for (int i = 0; i < 20; i++) {
      assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(), null)).isEqualTo(idle);
    }
    inFlight.put(idle, 8); // this node already sent it more than it can run
    assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(), null)).isNotEqualTo(idle);
  }

  @Test
  void aCustomResourceGoesOnlyWhereItExists() {
    Placement p = placement(2, 0);
    NodeId gpu = NodeId.random();
    gcs.nodes().put(node(gpu, Map.of("CPU", 2.0, "GPU", 1.0), 2, JOB));
    view.invalidate();
    ResourceSet demand = ResourceSet.of(Map.of("CPU", 1.0, "GPU", 1.0));
    assertThat(p.choose(demand, DEFAULT, JOB, Set.of(), null)).isEqualTo(gpu);
    p.checkFeasible(demand, JOB, "task t");
    assertThatThrownBy(() -> p.checkFeasible(ResourceSet.of(Map.of("TPU", 1.0)), JOB, "task t"))
        .isInstanceOf(UnschedulableException.class)
        .hasMessageContaining("TPU")
        .hasMessageContaining("task t");
  }

  @Test
  void spreadGoesRoundEveryFeasibleNodeIncludingThisOne() {
    Placement p = placement(4, 0);
    NodeId a = remote(4, 4, JOB);
    NodeId b = remote(4, 4, JOB);
    List<NodeId> picked = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(p.choose(ResourceSet.ONE_CPU, SchedulingStrategy.spread(), JOB, Set.of(), null));
    }
    assertThat(picked).containsOnly(self, a, b);
    assertThat(new HashSet<>(picked.subList(0, 3))).containsExactlyInAnyOrder(self, a, b);
  }

  @Test
  void excludedNodesAreNeverPickedAndAllExcludedMeansNone() {
    Placement p = placement(1, 1);
    NodeId a = remote(4, 4, JOB);
    NodeId b = remote(4, 4, JOB);
    for (int i = 0; i < 20; i++) {
      assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(a), null)).isIn(self, b);
    }
    assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(self, a, b), null)).isNull();
  }

  @Test
  void hardAffinityToAGoneNodeFailsAndSoftAffinityFallsBack() {
    Placement p = placement(4, 0);
    NodeId gone = NodeId.random();
    assertThatThrownBy(
            () ->
                p.choose(
                    ResourceSet.ONE_CPU,
                    SchedulingStrategy.nodeAffinity(gone, false),
                    JOB,
                    Set.of(),
                    null))
        .isInstanceOf(UnschedulableException.class)
        .hasMessageContaining(gone.hex());
    assertThat(
            p.choose(
                ResourceSet.ONE_CPU,
                SchedulingStrategy.nodeAffinity(gone, true),
                JOB,
                Set.of(),
                null))
        .isEqualTo(self);
    NodeId there = remote(4, 0, JOB); // busy, but affinity wins
    assertThat(
            p.choose(
                ResourceSet.ONE_CPU,
                SchedulingStrategy.nodeAffinity(there, false),
                JOB,
                Set.of(),
                null))
        .isEqualTo(there);
  }

  @Test
  void workGoesToTheNodeHoldingItsLargeArgumentWhileThatNodeIsNotSaturated() {
    Placement p = placement(4, 0);
    NodeId holder = remote(4, 3, JOB);
    assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(), holder)).isEqualTo(holder);
    NodeId full = remote(4, 0, JOB);
    assertThat(p.choose(ResourceSet.ONE_CPU, DEFAULT, JOB, Set.of(), full))
        .as("a saturated holder is passed over")
        .isEqualTo(self);
  }
}
