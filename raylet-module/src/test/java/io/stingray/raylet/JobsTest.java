package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorLifetime;
import io.stingray.api.RayContext;
import io.stingray.api.exception.RayActorException;
import io.stingray.gcs.JobRecord;
import io.stingray.raylet.context.Job;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Jobs as the resource adapter uses them (one per application): isolated namespaces, and the end of
 * a job killing its non-detached actors. Also: a stopped node leaves no threads behind.
 */
class JobsTest {
  static int ping() {
    return 1;
  }

  @Test
  void jobsSeeOnlyTheirOwnNamedActorsUnlessTheyShareANamespace() {
    try (RayNode node = NodeFixture.start(2)) {
      Raylet raylet = node.raylet();
      ClassLoader cl = getClass().getClassLoader();
      Job shop = raylet.startJob("shop", cl, "shop", List.of(), false);
      Job billing = raylet.startJob("billing", cl, "billing", List.of(), false);
      RayContext a = shop.context();
      RayContext b = billing.context();
      a.actor(ActorTest.Counter::new).setName("counter").remote();
      b.actor(ActorTest.Counter::new).setName("counter").remote(); // same name, other namespace
      assertThat(a.getActor("counter")).isPresent();
      assertThat(b.getActor("counter")).isPresent();
      assertThat(a.<ActorTest.Counter>getActor("counter").orElseThrow().id())
          .isNotEqualTo(b.<ActorTest.Counter>getActor("counter").orElseThrow().id());
      assertThat(b.getActor("counter", "shop")).as("found when the namespace is named").isPresent();

      assertThat(
              raylet.gcs().jobs().all().stream().map(JobRecord::name).collect(Collectors.toSet()))
          .contains("shop", "billing");
    }
  }

  @Test
  void endingAJobKillsItsNonDetachedActorsOnly() {
    try (RayNode node = NodeFixture.start(2)) {
      Raylet raylet = node.raylet();
      Job app = raylet.startJob("app", getClass().getClassLoader(), "app", List.of(), false);
      RayContext ray = app.context();
      ActorHandle<ActorTest.Counter> plain = ray.actor(ActorTest.Counter::new).remote();
      ActorHandle<ActorTest.Counter> detached =
          ray.actor(ActorTest.Counter::new)
              .setName("kept")
              .setLifetime(ActorLifetime.DETACHED)
              .remote();
      assertThat(plain.task(ActorTest.Counter::increment).remote().get()).isEqualTo(1);
      assertThat(detached.task(ActorTest.Counter::increment).remote().get()).isEqualTo(1);

      raylet.endJob(app);

      assertThat(raylet.gcs().jobs().get(app.id()).orElseThrow().running()).isFalse();
      RayContext driver = node.context();
      assertThatThrownBy(
              () -> plain.task(ActorTest.Counter::increment).remote().get(Duration.ofSeconds(10)))
          .isInstanceOf(RayActorException.class)
          .hasMessageContaining("job ended");
      assertThat(detached.task(ActorTest.Counter::increment).remote().get()).isEqualTo(2);
      assertThat(driver.getActor("kept", "app")).isPresent();
    }
  }

  @Test
  void aStoppedNodeLeavesNoThreadsBehind() {
    RayNode node = NodeFixture.start(2);
    String member = node.id().hex();
    node.context().task(JobsTest::ping).remote().get();
    assertThat(threadsOf(member)).as("the node's library threads while it runs").isNotEmpty();
    node.close();
    NodeFixture.await(
        "no thread of the stopped node is left",
        Duration.ofSeconds(20),
        () -> threadsOf(member).isEmpty());
  }

  /** Threads whose names carry the node's member name (JGroups and Infinispan name them so). */
  private static Set<String> threadsOf(String member) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.contains(member))
        .collect(Collectors.toSet());
  }
}
