package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.UnschedulableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  static RayNode node;
  static RayContext ray;
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MAX_RUNNING = new AtomicInteger();
  static volatile CountDownLatch gate = new CountDownLatch(0);

  @BeforeAll
  static void start() {
    node = NodeFixture.start(NodeConfig.builder().numCpus(1).resources(Map.of("GPU", 1.0)));
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static int occupy(int millis) throws InterruptedException {
    int now = RUNNING.incrementAndGet();
    MAX_RUNNING.accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(millis);
    } finally {
      RUNNING.decrementAndGet();
    }
    return now;
  }

  static int waitAtGate() throws InterruptedException {
    gate.await(30, TimeUnit.SECONDS);
    return 1;
  }

  static int one() {
    return 1;
  }

  static int parentOfChild() {
    RayContext r = RayContext.current();
    return r.get(r.task(ResourcesTest::one).remote()) + 1;
  }

  @Test
  void tasksNeedingTheOnlyGpuRunOneAtATime() {
    MAX_RUNNING.set(0);
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refs.add(
          ray.task(ResourcesTest::occupy, 100)
              .setResource("CPU", 0)
              .setResource("GPU", 1)
              .remote());
    }
    ray.get(refs);
    assertThat(MAX_RUNNING.get()).isEqualTo(1);
  }

  @Test
  void aTaskWaitsWhileTheNodeIsBusy() {
    gate = new CountDownLatch(1);
    ObjectRef<Integer> blocker = ray.task(ResourcesTest::waitAtGate).remote();
    NodeFixture.await(
        "the CPU is taken",
        Duration.ofSeconds(10),
        () -> ray.availableResources().getOrDefault("CPU", 0.0) == 0.0);
    ObjectRef<Integer> queued = ray.task(ResourcesTest::one).remote();
    assertThat(ray.wait(List.of(queued), 1, Duration.ofMillis(200)).ready()).isEmpty();
    gate.countDown();
    assertThat(queued.get(Duration.ofSeconds(10))).isEqualTo(1);
    assertThat(blocker.get(Duration.ofSeconds(10))).isEqualTo(1);
  }

  @Test
  void aBlockedWorkerGivesItsCpuBack() {
    assertThat(ray.task(ResourcesTest::parentOfChild).remote().get(Duration.ofSeconds(20)))
        .isEqualTo(2);
  }

  @Test
  void impossibleDemandsFailAtOnce() {
    assertThatThrownBy(() -> ray.task(ResourcesTest::one).setResource("GPU", 2).remote())
        .isInstanceOf(UnschedulableException.class)
        .hasMessageContaining("GPU");
    assertThatThrownBy(() -> ray.task(ResourcesTest::one).setResource("TPU", 1).remote())
        .isInstanceOf(UnschedulableException.class);
    assertThatThrownBy(() -> ray.actor(ActorTest.Counter::new).setResource("CPU", 64).remote())
        .isInstanceOf(UnschedulableException.class);
    assertThatThrownBy(
            () ->
                ray.task(ResourcesTest::one)
                    .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(NodeId.random(), false))
                    .remote())
        .isInstanceOf(UnschedulableException.class);
    assertThat(
            ray.task(ResourcesTest::one)
                .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(NodeId.random(), true))
                .remote()
                .get())
        .isEqualTo(1);
    assertThat(
            ray.task(ResourcesTest::one)
                .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(node.id(), false))
                .remote()
                .get())
        .isEqualTo(1);
  }

  @Test
  void badQuantitiesAreRejected() {
    assertThatThrownBy(() -> ray.task(ResourcesTest::one).setResource("CPU", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CPU");
    assertThatThrownBy(() -> ray.task(ResourcesTest::one).setResource(" ", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ray.task(ResourcesTest::one).setMaxRetries(-2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeConfig.builder().numCpus(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numCpus");
  }

  @Test
  void clusterResourcesAndNodesDescribeThisNode() {
    assertThat(ray.clusterResources()).containsEntry("CPU", 1.0).containsEntry("GPU", 1.0);
    assertThat(ray.runtimeContext().nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.id()).isEqualTo(node.id());
              assertThat(n.alive()).isTrue();
              assertThat(n.totalResources()).containsEntry("GPU", 1.0);
            });
    assertThat(ray.runtimeContext().currentNodeId()).isEqualTo(node.id());
    assertThat(ray.runtimeContext().namespace()).isNotBlank();
  }
}
