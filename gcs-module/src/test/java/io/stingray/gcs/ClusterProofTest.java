package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void underConcurrentSendersAndCheckersEveryTokenIsAcceptedExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        ClusterProof check = new ClusterProof(KEY, "checker", now::get);
        List<ClusterProof> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          senders.add(new ClusterProof(KEY, "sender-" + i, now::get));
        }
        ConcurrentLinkedQueue<String> issued = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refusedFirstUse = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        Random random = new Random(round);
        for (int t = 0; t < 8; t++) {
          ClusterProof from = senders.get(random.nextInt(senders.size()));
          int count = 200 + random.nextInt(800);
          work.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < count; i++) {
                      String token = from.issue();
                      issued.add(token);
                      try {
                        check.check(token);
                        accepted.incrementAndGet();
                      } catch (ClusterProof.Refused e) {
                        refusedFirstUse.incrementAndGet();
                      }
                    }
                  }));
        }
        for (Future<?> f : work) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertThat(refusedFirstUse.get()).as("round %d: fresh tokens refused", round).isZero();
        assertThat(accepted.get()).isEqualTo(issued.size());
        List<Future<Boolean>> replays = new ArrayList<>();
        for (String token : issued) {
          replays.add(
              pool.submit(
                  () -> {
                    try {
                      check.check(token);
                      return true;
                    } catch (ClusterProof.Refused e) {
                      return false;
                    }
                  }));
        }
        for (Future<Boolean> r : replays) {
          assertThat(r.get(30, TimeUnit.SECONDS))
              .as("round %d: a replay accepted", round)
              .isFalse();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
