package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the raylet relies on of the GCS tables, checked on both implementations: the cluster's
 * (Infinispan, one member) and the in-memory twin unit tests use. A difference between them fails
 * here, not in a raylet test that trusted the twin.
 */
class TableContractTest {
  private static final ExecutorService NOTIFIER = Executors.newSingleThreadExecutor();
  private static final GlobalControlStore INFINISPAN =
      GlobalControlStore.join(
          new GcsConfig("contract-" + UUID.randomUUID(), "member", null, null, "contract-secret"));
  private static final GlobalControlStore IN_MEMORY =
      GlobalControlStore.inMemory("member", NOTIFIER);

  static Stream<GlobalControlStore> stores() {
    return Stream.of(INFINISPAN, IN_MEMORY);
  }

  @AfterAll
  static void close() throws InterruptedException {
    INFINISPAN.close();
    IN_MEMORY.close();
    NOTIFIER.shutdown();
    assertThat(NOTIFIER.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  static ActorRecord actor(ActorId id, String name, ActorState state) {
    return new ActorRecord(id, JobId.random(), "C", name, "ns", state, null, 0, false, null, 0);
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void nodeRowsAreReplacedAndMarkedDead(GlobalControlStore gcs) {
    NodeId id = NodeId.random();
    NodeRecord n =
        new NodeRecord(
            id, "n", "h:1", true, Map.of("CPU", 2.0), Map.of("CPU", 2.0), Map.of(), Set.of(), 1);
    gcs.nodes().put(n);
    gcs.nodes().put(n.withAvailable(Map.of("CPU", 1.0), 2));
    assertThat(gcs.nodes().get(id))
        .hasValueSatisfying(r -> assertThat(r.heartbeatMillis()).isEqualTo(2));
    gcs.nodes().markDead(id);
    assertThat(gcs.nodes().get(id)).hasValueSatisfying(r -> assertThat(r.alive()).isFalse());
    assertThat(gcs.nodes().all()).extracting(NodeRecord::id).contains(id);
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void anActorMovesOnlyAlongItsStatesAndDeadIsFinal(GlobalControlStore gcs) {
    ActorId id = ActorId.random();
    gcs.actors().create(actor(id, null, ActorState.PENDING_CREATION));
    gcs.actors().update(actor(id, null, ActorState.ALIVE));
    gcs.actors().update(actor(id, null, ActorState.DEAD));
    assertThatThrownBy(() -> gcs.actors().update(actor(id, null, ActorState.ALIVE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DEAD");
    assertThatThrownBy(() -> gcs.actors().update(actor(ActorId.random(), null, ActorState.ALIVE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown actor");
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void anOlderInstanceOfAnActorNeverOverwritesTheRowOfANewerOne(GlobalControlStore gcs) {
    ActorId id = ActorId.random();
    gcs.actors().create(actor(id, null, ActorState.ALIVE));
    ActorRecord first = gcs.actors().get(id).orElseThrow();
    gcs.actors().update(first.withState(ActorState.RESTARTING, null, 1, null));
    gcs.actors().update(first.withState(ActorState.ALIVE, null, 1, null));
    // the first instance, killed late, reports its death: the second lives on
    assertThatThrownBy(() -> gcs.actors().update(first.withState(ActorState.DEAD, null, 0, "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restart 1")
        .hasMessageContaining("stale");
    assertThat(gcs.actors().get(id))
        .hasValueSatisfying(
            r -> {
              assertThat(r.state()).isEqualTo(ActorState.ALIVE);
              assertThat(r.numRestarts()).isEqualTo(1);
            });
    gcs.actors().update(first.withState(ActorState.DEAD, null, 1, "the second died"));
    assertThat(gcs.actors().get(id))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(ActorState.DEAD));
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void aStaleReviveOfALiveActorLeavesItsRowAndItsName(GlobalControlStore gcs) {
    String name = "s-" + UUID.randomUUID();
    ActorId id = ActorId.random();
    gcs.actors().claimName("ns", name, id);
    gcs.actors().create(actor(id, name, ActorState.ALIVE));
    ActorRecord row = gcs.actors().get(id).orElseThrow();
    gcs.actors().update(row.withState(ActorState.ALIVE, null, 2, null)); // its host restarted it
    // an owner that read the row at restart 0 brings it back as its instance 1
    assertThatThrownBy(
            () -> gcs.actors().revive(row.withState(ActorState.RESTARTING, null, 1, null)))
        .isInstanceOf(StaleActorRowException.class)
        .satisfies(e -> assertThat(((StaleActorRowException) e).rowRestarts()).isEqualTo(2));
    assertThat(gcs.actors().lookupName("ns", name)).as("still its name").contains(id);
    assertThat(gcs.actors().get(id))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(ActorState.ALIVE));
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void onlyReviveBringsADeadActorBackWithItsNameUnlessTheNameWasTaken(GlobalControlStore gcs) {
    String name = "r-" + UUID.randomUUID();
    ActorId id = ActorId.random();
    gcs.actors().claimName("ns", name, id);
    gcs.actors().create(actor(id, name, ActorState.ALIVE));
    gcs.actors().update(actor(id, name, ActorState.DEAD));
    assertThat(gcs.actors().lookupName("ns", name)).isEmpty();
    gcs.actors().revive(actor(id, name, ActorState.RESTARTING));
    assertThat(gcs.actors().get(id))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(ActorState.RESTARTING));
    assertThat(gcs.actors().lookupName("ns", name)).as("its name again").contains(id);
    gcs.actors().update(actor(id, name, ActorState.ALIVE));

    // died again, and another actor took the name meanwhile: it stays dead
    gcs.actors().update(actor(id, name, ActorState.DEAD));
    ActorId other = ActorId.random();
    assertThat(gcs.actors().claimName("ns", name, other)).isEmpty();
    assertThatThrownBy(() -> gcs.actors().revive(actor(id, name, ActorState.RESTARTING)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("took its name");
    assertThat(gcs.actors().get(id))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(ActorState.DEAD));
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void aNameIsHeldByOneActorUntilItDies(GlobalControlStore gcs) {
    String name = "n-" + UUID.randomUUID();
    ActorId first = ActorId.random();
    ActorId second = ActorId.random();
    assertThat(gcs.actors().claimName("ns", name, first)).isEmpty();
    assertThat(gcs.actors().claimName("ns", name, second)).contains(first);
    assertThat(gcs.actors().claimName("other-ns", name, second)).isEmpty();
    gcs.actors().releaseName("ns", name, second); // not its holder: no effect
    assertThat(gcs.actors().lookupName("ns", name)).contains(first);
    gcs.actors().create(actor(first, name, ActorState.ALIVE));
    gcs.actors().update(actor(first, name, ActorState.DEAD));
    assertThat(gcs.actors().lookupName("ns", name)).isEmpty();
    assertThat(gcs.actors().claimName("ns", name, second)).isEmpty();
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void changeListenersHearEveryWriteAfterIt(GlobalControlStore gcs) {
    List<ActorId> heard = new CopyOnWriteArrayList<>();
    ActorId id = ActorId.random();
    gcs.actors().onChange(heard::add);
    gcs.actors().create(actor(id, null, ActorState.PENDING_CREATION));
    gcs.actors().update(actor(id, null, ActorState.ALIVE));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (heard.stream().filter(id::equals).count() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(heard).filteredOn(id::equals).hasSize(2);
  }

  @ParameterizedTest(autoCloseArguments = false) // the stores are shared by all tests
  @MethodSource("stores")
  void theObjectDirectoryKnowsCopiesUntilTheirNodeGoes(GlobalControlStore gcs) {
    ObjectId obj = ObjectId.of(7, System.nanoTime());
    NodeId n1 = NodeId.random();
    NodeId n2 = NodeId.random();
    gcs.objectDirectory().addLocation(obj, n1, 100).toCompletableFuture().join();
    gcs.objectDirectory().addLocation(obj, n2, 100).toCompletableFuture().join();
    assertThat(gcs.objectDirectory().locations(obj, List.of(n1, n2))).containsExactly(n1, n2);
    assertThat(gcs.objectDirectory().all().get(obj).nodes()).containsExactlyInAnyOrder(n1, n2);
    gcs.objectDirectory().removeNode(n1);
    assertThat(gcs.objectDirectory().all().get(obj).nodes()).containsExactly(n2);
    gcs.objectDirectory().removeLocation(obj, n2).toCompletableFuture().join();
    assertThat(gcs.objectDirectory().all()).doesNotContainKey(obj);
  }
}
