package io.stingray.raylet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.exception.RayException;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.NodeRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A work's answer waits for the owners of the objects that work borrowed, never for an owner it has
 * nothing to do with: one slow or unreachable owner (a slow link, a long pause) held up every
 * answer of every node that borrowed anything from it, so that work flowed again only seconds after
 * the link was whole again.
 */
class BorrowersTest {
  final GlobalControlStore gcs = GlobalControlStore.inMemory("test", Runnable::run);
  final NodeId self = NodeId.random();
  final NodeId slow = NodeId.random();
  final NodeId quick = NodeId.random();
  final ClusterView view = new ClusterView(gcs.nodes(), self);
  // what each owner was sent, and the acknowledgement it will give (never, for the slow one)
  final Map<NodeId, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();

  Borrowers borrowers() {
    for (NodeId n : List.of(self, slow, quick)) {
      gcs.nodes()
          .put(
              new NodeRecord(
                  n,
                  "n-" + n.hex().substring(0, 6),
                  "127.0.0.1:1",
                  true,
                  Map.of("CPU", 1.0),
                  Map.of("CPU", 1.0),
                  Map.of(),
                  Set.<JobId>of(),
                  System.currentTimeMillis()));
    }
    view.invalidate();
    acks.put(slow, new CompletableFuture<>()); // a link that stalls: no answer for now
    acks.put(quick, CompletableFuture.completedFuture(null));
    return new Borrowers(view, (owner, changes) -> acks.get(owner));
  }

  ObjectId ownedBy(NodeId owner) {
    return ObjectId.of(owner.high(), System.nanoTime());
  }

  @Test
  void anAnswerWaitsOnlyForTheOwnersOfWhatItsWorkBorrowed() {
    Borrowers b = borrowers();
    ObjectId fromSlow = ownedBy(slow);
    ObjectId fromQuick = ownedBy(quick);
    b.borrowed(fromSlow); // another work borrowed from the slow owner
    b.borrowed(fromQuick);

    assertThat(b.acknowledged(Set.of(fromQuick))).isDone();
    assertThat(b.acknowledged(Set.of())).isDone();
    assertThat(b.acknowledged(Set.of(ownedBy(quick)))).isDone(); // nothing borrowed: no wait
    CompletableFuture<Void> waits = b.acknowledged(Set.of(fromQuick, fromSlow));
    assertThat(waits).isNotDone(); // this work did borrow from the slow owner: it must wait

    acks.get(slow).complete(null);
    assertThat(waits).isDone();
    assertThat(b.acknowledged(Set.of(fromSlow))).isDone();
  }

  @Test
  void aBorrowingTheOwnerRefusedStillLetsTheAnswerGo() {
    Borrowers b = borrowers();
    ObjectId fromSlow = ownedBy(slow);
    b.borrowed(fromSlow);
    CompletableFuture<Void> waits = b.acknowledged(Set.of(fromSlow));
    acks.get(slow).completeExceptionally(new RayException("deadline exceeded"));
    // sent again by the heartbeat until acknowledged; the answer does not wait for that
    assertThat(waits).isCompletedWithValue(null);
  }

  @Test
  void aSecondBorrowingOfOneObjectIsWaitedForToo() {
    Borrowers b = borrowers();
    ObjectId id = ownedBy(slow);
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    acks.put(slow, first);
    b.borrowed(id);
    b.released(id);
    acks.put(slow, second);
    b.borrowed(id);
    CompletableFuture<Void> waits = b.acknowledged(Set.of(id));
    first.complete(null);
    assertThat(waits).isNotDone();
    second.complete(null);
    assertThat(waits).isDone();
  }
}
