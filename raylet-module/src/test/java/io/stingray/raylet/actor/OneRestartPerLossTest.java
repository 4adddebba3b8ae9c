package io.stingray.raylet.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.NodeInfo;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.RayActorException;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An actor its host killed for losing the owner's node (the two sides of a partition each took the
 * other for lost), while the owner was alive, comes back once however many calls the dead instance
 * refuses while the owner brings it back. Two real nodes in one JVM; the owner's placement of the
 * new instance is held on a latch so that a second call reaches the dead instance meanwhile. It
 * restarted twice: the second refusal was blamed on the instance being placed, not on the dead one
 * that refused, so that instance was replaced before it took a call (on the same node: the first
 * kept running, unknown to anyone).
 */
class OneRestartPerLossTest {
  RayNode owner;
  RayNode host;

  /** Counts its instances, across restarts. */
  public static class Counted {
    static final AtomicInteger MADE = new AtomicInteger();

    public Counted() {
      MADE.incrementAndGet();
    }

    public String where() {
      return RayContext.current().runtimeContext().currentNodeId().hex();
    }
  }

  static RayNode node(String cluster, String name) {
    return RayNode.start(
        NodeConfig.builder()
            .clusterName(cluster)
            .nodeName(name)
            .numCpus(2)
            .clusterSecret("one-restart-secret")
            .build());
  }

  @AfterEach
  void stop() {
    for (RayNode n : new RayNode[] {owner, host}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
  }

  /**
   * Two nodes and an actor the owner created on the host, which the host then kills for losing the
   * owner; the owner's next placement of it is held until {@link #release}.
   */
  ActorHandle<Counted> actor;

  ActorManager owners;
  final AtomicInteger placings = new AtomicInteger();
  final CountDownLatch placed = new CountDownLatch(1);
  final CountDownLatch placementsEnded = new CountDownLatch(1);

  void actorKilledForLosingItsOwner() {
    String cluster = "one-restart-" + UUID.randomUUID();
    owner = node(cluster, "owner");
    host = node(cluster, "host");
    await(
        "two alive nodes",
        () ->
            owner.context().runtimeContext().nodes().stream().filter(NodeInfo::alive).count() == 2);
    actor =
        owner
            .context()
            .actor(Counted::new)
            .setMaxRestarts(-1)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(host.id(), true))
            .remote();
    assertThat(actor.task(Counted::where).remote().get()).isEqualTo(host.id().hex());
    // the host kills it for losing the owner, as a majority does with a minority's actors
    host.raylet().actors().hosted(actor.id()).kill(true, Reunion.ownerLost(owner.id()));
    owners = owner.raylet().actors();
    owners.placements.beforePlacing =
        id -> {
          if (id.equals(actor.id()) && placings.incrementAndGet() == 1) {
            try {
              placed.await(30, TimeUnit.SECONDS); // until the test has done what it races
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    owners.placements.afterPlacing =
        id -> {
          if (id.equals(actor.id())) {
            placementsEnded.countDown();
          }
        };
  }

  void release() {
    placed.countDown();
  }

  @AfterEach
  void releaseAll() {
    placed.countDown();
    if (owners != null) {
      owners.placements.beforePlacing = id -> {};
      owners.placements.afterPlacing = id -> {};
    }
  }

  @Test
  void callsRefusedWhileTheOwnerBringsTheActorBackRestartItOnce() throws Exception {
    actorKilledForLosingItsOwner();
    int made = Counted.MADE.get();

    ObjectRef<String> first = actor.task(Counted::where).remote();
    await("the owner places the new instance", () -> placings.get() == 1);
    ObjectRef<String> second = actor.task(Counted::where).remote();
    await(
        "both calls, refused by the dead instance, wait for the new one",
        () -> owners.callsWaiting(actor.id()) == 2);
    release();

    assertThat(first.get(Duration.ofSeconds(30))).isEqualTo(host.id().hex());
    assertThat(second.get(Duration.ofSeconds(30))).isEqualTo(host.id().hex());
    assertThat(placings.get()).as("placements of a new instance").isEqualTo(1);
    assertThat(Counted.MADE.get() - made).as("instances made").isEqualTo(1);
    ActorRecord row = owner.raylet().gcs().actors().get(actor.id()).orElseThrow();
    assertThat(row.numRestarts()).as("restarts in the actor's row").isEqualTo(1);
    assertThat(actor.task(Counted::where).remote().get()).isEqualTo(host.id().hex());
  }

  @Test
  void anActorKilledWhileItsOwnerPlacesANewInstanceStaysDead() {
    killedWhilePlacedStaysDead(() -> actor.kill());
  }

  @Test
  void anActorKilledFromAnotherNodeWhileItsOwnerPlacesANewInstanceStaysDead() {
    // the host of the dead instance, which the row still names: the kill must reach the owner
    killedWhilePlacedStaysDead(() -> host.raylet().actors().kill(actor.id(), true));
  }

  @Test
  void aKillToRestartItFromAnotherNodeWhileItsOwnerPlacesItEndsThereAndItComesBackOnce() {
    actorKilledForLosingItsOwner();
    int made = Counted.MADE.get();

    ObjectRef<String> waiting = actor.task(Counted::where).remote();
    await("the owner places the new instance", () -> placings.get() == 1);
    // the host, whose instance is dead, sends it to the owner, which is restarting it already (it
    // went back and forth between them, each hop a blocking call, until one timed out)
    host.raylet().actors().kill(actor.id(), false);
    release();

    assertThat(waiting.get(Duration.ofSeconds(30))).isEqualTo(host.id().hex());
    assertThat(placings.get()).as("placements of a new instance").isEqualTo(1);
    assertThat(Counted.MADE.get() - made).as("instances made").isEqualTo(1);
  }

  void killedWhilePlacedStaysDead(Runnable kill) {
    actorKilledForLosingItsOwner();

    ObjectRef<String> waiting = actor.task(Counted::where).remote();
    await("the owner places the new instance", () -> placings.get() == 1);
    kill.run();
    release();

    assertThatThrownBy(() -> waiting.get(Duration.ofSeconds(30)))
        .isInstanceOf(RayActorException.class);
    await(
        "the actor's row says dead",
        () ->
            owner.raylet().gcs().actors().get(actor.id()).orElseThrow().state() == ActorState.DEAD);
    await("no instance on the host", () -> !host.raylet().actors().liveHere().contains(actor.id()));
    assertThatThrownBy(() -> actor.task(Counted::where).remote().get(Duration.ofSeconds(30)))
        .isInstanceOf(RayActorException.class);
    // the held placement, had it gone on, made a live instance after the kill
    await("the held placement ended", () -> placementsEnded.getCount() == 0);
    assertThat(host.raylet().actors().liveHere()).doesNotContain(actor.id());
    assertThat(owner.raylet().gcs().actors().get(actor.id()).orElseThrow().state())
        .isEqualTo(ActorState.DEAD);
  }
}
