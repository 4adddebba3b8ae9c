package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorHandle;
import io.stingray.api.ObjectRef;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node bounds the mailbox of each actor it hosts (maxQueuedActorCalls), for callers on it and on
 * other nodes alike: a call beyond the bound fails with a message naming it, the calls before it
 * all complete, and the actor takes calls again once its mailbox drained.
 */
class ActorMailboxLimitTest {
  static final CountDownLatch GATE = new CountDownLatch(1);
  RayNode host;
  RayNode caller;

  /** An actor whose calls wait at a gate. */
  public static class Gated {
    public int pass(int i) throws InterruptedException {
      if (!GATE.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate never opened");
      }
      return i;
    }
  }

  @AfterEach
  void stop() {
    GATE.countDown();
    for (RayNode n : new RayNode[] {caller, host}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void callsBeyondTheNodesBoundFailNamingItFromThisNodeAndAnother() {
    String cluster = "mailbox-" + UUID.randomUUID();
    host =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .nodeName("host")
                .namespace("shared")
                .numCpus(2)
                .maxQueuedActorCalls(4)
                .build());
    caller =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .nodeName("caller")
                .namespace("shared")
                .build());
    ThreeNodeCluster.awaitAlive(host, 2);
    ActorHandle<Gated> actor =
        host.context()
            .actor(Gated::new)
            .setName("gated")
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(host.id(), false))
            .remote();
    List<ObjectRef<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queued.add(actor.task(Gated::pass, i).remote());
    }
    assertThatThrownBy(() -> actor.task(Gated::pass, 99).remote())
        .isInstanceOf(PendingCallsLimitExceededException.class)
        .hasMessageContaining("4 unfinished calls")
        .hasMessageContaining("maxQueuedActorCalls");
    ActorHandle<Gated> fromAfar = caller.context().<Gated>getActor("gated").orElseThrow();
    ObjectRef<Integer> refused = fromAfar.task(Gated::pass, 98).remote();
    assertThatThrownBy(() -> refused.get(Duration.ofSeconds(30)))
        .isInstanceOf(PendingCallsLimitExceededException.class)
        .hasMessageContaining("maxQueuedActorCalls");

    GATE.countDown();
    for (int i = 0; i < 4; i++) {
      assertThat(queued.get(i).get(Duration.ofSeconds(30))).isEqualTo(i);
    }
    assertThat(fromAfar.task(Gated::pass, 7).remote().get(Duration.ofSeconds(30))).isEqualTo(7);
    assertThat(actor.task(Gated::pass, 8).remote().get(Duration.ofSeconds(30))).isEqualTo(8);
  }
}
