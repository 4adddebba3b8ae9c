package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.RayContext;
import io.stingray.api.exception.UnschedulableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlacementGroupTest {
  static RayNode node;
  static RayContext ray;

  @BeforeAll
  static void start() {
    node = NodeFixture.start(2);
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static int one() {
    return 1;
  }

  @Test
  void bundlesAreReservedAndTasksRunInThem() {
    PlacementGroup pg =
        ray.placementGroup(List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0)), PlacementStrategy.PACK)
            .setName("pair")
            .create();
    assertThat(pg.wait(Duration.ofSeconds(10))).isTrue();
    assertThat(ray.availableResources().get("CPU")).isEqualTo(0.0);
    assertThat(ray.task(PlacementGroupTest::one).setPlacementGroup(pg, 0).remote().get())
        .isEqualTo(1);
    assertThat(ray.task(PlacementGroupTest::one).setPlacementGroup(pg, -1).remote().get())
        .isEqualTo(1);
    assertThat(
            ray.actor(ActorTest.Counter::new)
                .setResource("CPU", 1)
                .setPlacementGroup(pg, 1)
                .remote()
                .task(ActorTest.Counter::increment)
                .remote()
                .get())
        .isEqualTo(1);
    assertThat(ray.getPlacementGroup("pair")).contains(pg);
    assertThatThrownBy(
            () ->
                ray.task(PlacementGroupTest::one)
                    .setResource("CPU", 2)
                    .setPlacementGroup(pg, 0)
                    .remote())
        .isInstanceOf(UnschedulableException.class);
    ray.removePlacementGroup(pg.id());
    assertThat(ray.getPlacementGroup("pair")).isEmpty();
  }

  @Test
  void aGroupThatCannotBePlacedWaitsAndItsTasksFailWhenRemoved() {
    PlacementGroup spread =
        ray.placementGroup(
                List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0)), PlacementStrategy.STRICT_SPREAD)
            .create();
    assertThat(spread.wait(Duration.ofMillis(200))).isFalse();
    ObjectRef<Integer> stuck =
        ray.task(PlacementGroupTest::one).setPlacementGroup(spread, 0).remote();
    assertThat(ray.wait(List.of(stuck), 1, Duration.ofMillis(200)).ready()).isEmpty();
    ray.removePlacementGroup(spread.id());
    assertThatThrownBy(() -> stuck.get(Duration.ofSeconds(5)))
        .isInstanceOf(UnschedulableException.class);
    assertThat(ray.availableResources().get("CPU")).isEqualTo(2.0);
  }

  @Test
  void badGroupsAreRejected() {
    assertThatThrownBy(() -> ray.placementGroup(List.of(), PlacementStrategy.PACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ray.placementGroup(List.of(Map.of()), PlacementStrategy.PACK))
        .isInstanceOf(IllegalArgumentException.class);
    PlacementGroup huge =
        ray.placementGroup(List.of(Map.of("CPU", 64.0)), PlacementStrategy.PACK).create();
    assertThat(huge.wait(Duration.ofMillis(100))).isFalse();
    ray.removePlacementGroup(huge.id());
  }
}
