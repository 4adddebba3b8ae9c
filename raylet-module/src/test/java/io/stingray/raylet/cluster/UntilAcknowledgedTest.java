package io.stingray.raylet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Releases and frees reach their node even when the first sends fail. */
class UntilAcknowledgedTest {
  @Test
  void aChangeIsSentAgainUntilAcknowledgedAndOnlyTheLatestPerObject() {
    NodeId owner = NodeId.random();
    ObjectId id = ObjectId.random();
    List<Map<ObjectId, Boolean>> received = new ArrayList<>();
    int[] failuresLeft = {2};
    UntilAcknowledged u =
        new UntilAcknowledged(
            (node, changes) -> {
              if (failuresLeft[0]-- > 0) {
                return CompletableFuture.failedFuture(new RuntimeException("UNAVAILABLE"));
              }
              received.add(changes);
              return CompletableFuture.completedFuture(null);
            },
            node -> true,
            "borrowing");
    u.send(owner, id, true); // fails
    u.send(owner, id, false); // fails: the release must not be lost
    assertThat(u.pending()).isEqualTo(1);
    u.retry();
    assertThat(received).containsExactly(Map.of(id, false));
    assertThat(u.pending()).isZero();
    u.retry();
    assertThat(received).as("nothing sent once acknowledged").hasSize(1);
  }

  @Test
  void aNodeThatIsGoneIsNoLongerTold() {
    NodeId gone = NodeId.random();
    Set<NodeId> alive = ConcurrentHashMap.newKeySet();
    alive.add(gone);
    List<NodeId> sentTo = new ArrayList<>();
    UntilAcknowledged u =
        new UntilAcknowledged(
            (node, changes) -> {
              sentTo.add(node);
              return CompletableFuture.failedFuture(new RuntimeException("UNAVAILABLE"));
            },
            alive::contains,
            "free");
    u.send(gone, ObjectId.random(), true);
    alive.remove(gone);
    long now = System.nanoTime();
    u.retry(now);
    assertThat(sentTo).as("not sent while it is away").hasSize(1);
    u.retry(now + UntilAcknowledged.KEEP_FOR_ABSENT_NANOS + 1);
    assertThat(u.pending()).as("dropped once it has been away for long").isZero();
    assertThat(sentTo).hasSize(1);
  }

  /**
   * A node that was only apart (paused, or on the other side of a partition) comes back with the
   * same id: the releases and frees it missed meanwhile reach it then, or it would keep objects for
   * borrowers that released them long ago (a leak the chaos run found on a paused node).
   */
  @Test
  void aNodeThatWasApartHearsWhatItMissedWhenItIsBack() {
    NodeId paused = NodeId.random();
    Set<NodeId> alive = ConcurrentHashMap.newKeySet();
    alive.add(paused);
    List<Map<ObjectId, Boolean>> received = new ArrayList<>();
    UntilAcknowledged u =
        new UntilAcknowledged(
            (node, changes) -> {
              if (!alive.contains(node)) {
                return CompletableFuture.failedFuture(new RuntimeException("UNAVAILABLE"));
              }
              received.add(changes);
              return CompletableFuture.completedFuture(null);
            },
            alive::contains,
            "borrowing");
    ObjectId sentBefore = ObjectId.random();
    ObjectId madeMeanwhile = ObjectId.random();
    alive.remove(paused);
    u.send(paused, sentBefore, false); // its first send fails: the node is apart
    u.forget(paused); // this node marks it lost
    u.keep(paused, madeMeanwhile, false); // a release while it is marked lost
    u.retry();
    assertThat(received).isEmpty();

    alive.add(paused); // back, same id
    u.retry();
    assertThat(received).containsExactly(Map.of(sentBefore, false, madeMeanwhile, false));
    assertThat(u.pending()).isZero();
  }
}
