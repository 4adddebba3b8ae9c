package io.stingray.raylet.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results a node keeps for the nodes that sent their work: freed by the sender, dropped with a lost
 * sender or an undelivered answer, and dropped a minute after an answer the sender may not have
 * read (its stream ended just after) unless the sender pulls it meanwhile.
 */
class KeptResultsTest {
  private static final long MINUTE = TimeUnit.SECONDS.toNanos(60);
  private final NodeId a = NodeId.random();
  private final NodeId b = NodeId.random();

  @Test
  void aResultIsKeptUntilItsSenderFreesItOrIsLost() {
    KeptResults kept = new KeptResults();
    ObjectId x = ObjectId.random();
    ObjectId y = ObjectId.random();
    kept.keep(x, "ref x", a, false);
    kept.keep(y, "ref y", b, false);
    kept.free(List.of(x));
    assertThat(kept.holds(x)).isFalse();
    kept.nodeLost(b);
    assertThat(kept.holds(y)).isFalse();
  }

  @Test
  void anUnconfirmedResultNoOnePullsIsDroppedAfterAMinuteAndAPulledOneIsNot() {
    KeptResults kept = new KeptResults();
    ObjectId orphan = ObjectId.random();
    ObjectId claimed = ObjectId.random();
    ObjectId trusted = ObjectId.random();
    ObjectId withRefs = ObjectId.random();
    kept.keep(orphan, "ref", a, false);
    kept.keep(claimed, "ref", a, false);
    kept.keep(trusted, "ref", a, false);
    kept.keep(withRefs, "ref", a, true);
    long t0 = 1_000_000_000L;
    kept.unconfirmed(List.of(orphan, claimed, withRefs), t0);
    kept.pulled(claimed); // the sender had the answer after all
    assertThat(kept.dropUnclaimed(t0 + MINUTE - 1)).isZero();
    assertThat(kept.holds(orphan)).as("not yet a minute").isTrue();
    assertThat(kept.dropUnclaimed(t0 + MINUTE + 1)).isEqualTo(1);
    assertThat(kept.holds(orphan)).isFalse();
    assertThat(kept.holds(claimed)).isTrue();
    assertThat(kept.holds(trusted)).isTrue();
    assertThat(kept.holds(withRefs)).as("lives with the sender's entry").isTrue();
  }

  @Test
  void aResultPulledBeforeItsStreamEndedIsNeverDroppedAsUnclaimed() {
    KeptResults kept = new KeptResults();
    ObjectId x = ObjectId.random();
    kept.keep(x, "ref", a, false);
    kept.pulled(x); // the answer arrived; the pull is still reading (or waits its turn)
    long t0 = 5_000_000_000L;
    kept.unconfirmed(List.of(x), t0);
    assertThat(kept.dropUnclaimed(t0 + 10 * MINUTE)).isZero();
    assertThat(kept.holds(x)).isTrue();
  }

  @Test
  void anUndeliveredResultIsDroppedAtOnce() {
    KeptResults kept = new KeptResults();
    ObjectId x = ObjectId.random();
    kept.keep(x, "ref", a, false);
    assertThat(kept.undelivered(x)).isTrue();
    assertThat(kept.holds(x)).isFalse();
    assertThat(kept.undelivered(x)).isFalse();
  }
}
