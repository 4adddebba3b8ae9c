package io.stingray.raylet.actor;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Calls waiting for an actor to come back, without a cluster and without a waiting thread. */
class RelocationsTest {
  final Map<ActorId, ActorRecord> rows = new ConcurrentHashMap<>();
  final Relocations relocations = new Relocations(rows::get, Runnable::run);
  final List<String> log = new ArrayList<>();

  static ActorRecord row(ActorId id, ActorState state, NodeId node) {
    return new ActorRecord(id, JobId.random(), "C", null, "ns", state, node, 0, false, null, 0);
  }

  /** A call that goes once its actor is ALIVE on {@code not}'s replacement. */
  Relocations.Attempt call(String name, NodeId lost) {
    return new Relocations.Attempt() {
      @Override
      public boolean tryNow(ActorRecord r) {
        if (r == null || r.state() == ActorState.DEAD) {
          log.add(name + " failed");
          return true;
        }
        if (r.state() != ActorState.ALIVE || r.node().equals(lost)) {
          return false;
        }
        log.add(name + " sent to " + r.node().hex());
        return true;
      }

      @Override
      public void giveUp() {
        log.add(name + " gave up");
      }
    };
  }

  @Test
  void callsGoInOrderWhenTheActorIsBackAndNoneBefore() {
    ActorId actor = ActorId.random();
    NodeId lost = NodeId.random();
    NodeId elsewhere = NodeId.random();
    rows.put(actor, row(actor, ActorState.RESTARTING, lost));
    relocations.add(actor, call("first", lost), 30_000);
    relocations.add(actor, call("second", lost), 30_000);
    assertThat(log).isEmpty();
    assertThat(relocations.waitsFor(actor)).isTrue();

    rows.put(actor, row(actor, ActorState.ALIVE, elsewhere));
    relocations.check(actor); // what the GCS's change event triggers
    assertThat(log)
        .containsExactly("first sent to " + elsewhere.hex(), "second sent to " + elsewhere.hex());
    assertThat(relocations.size()).isZero();
    assertThat(relocations.waitsFor(actor)).isFalse();
  }

  @Test
  void aCallGivesUpAfterItsDeadlineAndFailsAtOnceIfTheActorDied() throws Exception {
    ActorId actor = ActorId.random();
    NodeId lost = NodeId.random();
    rows.put(actor, row(actor, ActorState.RESTARTING, lost));
    relocations.add(actor, call("late", lost), 1);
    Thread.sleep(5);
    relocations.checkAll(); // the heartbeat
    assertThat(log).containsExactly("late gave up");

    ActorId dead = ActorId.random();
    rows.put(dead, row(dead, ActorState.DEAD, lost));
    relocations.add(dead, call("to a dead actor", lost), 30_000);
    assertThat(log).endsWith("to a dead actor failed");
  }

  @Test
  void aCallThatFailsAtOnceAndIsAddedAgainIsNotTriedTwiceInOneCheck() {
    List<Runnable> later = new ArrayList<>();
    Relocations r = new Relocations(rows::get, later::add);
    ActorId actor = ActorId.random();
    NodeId back = NodeId.random();
    rows.put(actor, row(actor, ActorState.ALIVE, back));
    int[] tries = {0};
    r.add(
        actor,
        new Relocations.Attempt() {
          @Override
          public boolean tryNow(ActorRecord current) {
            tries[0]++;
            // sent, but the send reported the node lost at once: its retry waits again
            r.add(actor, call("retry", NodeId.random()), 30_000);
            return true;
          }

          @Override
          public void giveUp() {
            log.add("gave up");
          }
        },
        30_000);
    later.remove(0).run();
    assertThat(tries[0]).as("the first call was sent once, not again by a nested check").isOne();
    assertThat(log).containsExactly("retry sent to " + back.hex());
    assertThat(r.size()).isZero();
  }
}
