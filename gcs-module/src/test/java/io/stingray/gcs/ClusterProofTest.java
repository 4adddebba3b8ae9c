package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens of cluster membership: good once, never again, never from outside the cluster. */
class ClusterProofTest {
  static final String KEY = ClusterToken.of("c", "secret");
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final ClusterProof sender = new ClusterProof(KEY, "node-a", now::get);
  final ClusterProof checker = new ClusterProof(KEY, "node-b", now::get);

  @Test
  void aTokenIsGoodOnceAndNamesItsSender() throws Exception {
    String t = sender.issue();
    assertThat(checker.check(t)).isEqualTo("node-a");
    assertThatThrownBy(() -> checker.check(t))
        .isInstanceOf(ClusterProof.Refused.class)
        .hasMessageContaining("replay");
  }

  @Test
  void tokensMayArriveOutOfOrderButEachOnlyOnce() throws Exception {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      tokens.add(sender.issue());
    }
    Collections.shuffle(tokens, new Random(7));
    for (String t : tokens) {
      checker.check(t);
    }
    for (String t : tokens.subList(0, 50)) {
      assertThatThrownBy(() -> checker.check(t)).isInstanceOf(ClusterProof.Refused.class);
    }
  }

  @Test
  void aTokenTooFarBehindTheLatestIsRefusedRatherThanRisked() throws Exception {
    String old = sender.issue();
    for (int i = 0; i < ClusterProof.RECENT + 10; i++) {
      checker.check(sender.issue());
    }
    assertThatThrownBy(() -> checker.check(old)).isInstanceOf(ClusterProof.Refused.class);
  }

  @Test
  void aTokenOutsideTheTimeWindowIsRefused() {
    String t = sender.issue();
    now.addAndGet(ClusterProof.WINDOW_MILLIS + 1);
    assertThatThrownBy(() -> checker.check(t))
        .isInstanceOf(ClusterProof.Refused.class)
        .hasMessageContaining("clocks apart");
  }

  @Test
  void aTokenOfAnotherSecretOrChangedInAnyWayIsRefused() {
    ClusterProof stranger = new ClusterProof(ClusterToken.of("c", "guess"), "node-a", now::get);
    assertThatThrownBy(() -> checker.check(stranger.issue()))
        .isInstanceOf(ClusterProof.Refused.class)
        .hasMessageContaining("not made with this cluster's secret");
    String t = sender.issue();
    String otherSender = t.replace("node-a", "node-z");
    assertThatThrownBy(() -> checker.check(otherSender)).isInstanceOf(ClusterProof.Refused.class);
    for (String bad : new String[] {null, "", "p1", "p1.a.b.c.d.e.f", "x".repeat(300)}) {
      assertThatThrownBy(() -> checker.check(bad)).isInstanceOf(ClusterProof.Refused.class);
    }
  }
}
