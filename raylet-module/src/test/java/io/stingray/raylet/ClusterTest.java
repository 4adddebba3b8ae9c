package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.stingray.api.ActorHandle;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.rpc.ClusterAuth;
import io.stingray.raylet.rpc.Peers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM (each its own Infinispan member, MapDB store and gRPC server) working as
 * one cluster: tasks placed across nodes, objects pulled between them, actors hosted remotely and
 * found by name, and a stranger without the cluster secret refused.
 */
class ClusterTest extends ThreeNodeCluster {
  static int sumOfRefs(List<ObjectRef<Integer>> refs) {
    int s = 0;
    for (ObjectRef<Integer> r : refs) {
      s += r.get();
    }
    return s;
  }

  @Test
  void spreadPlacesTasksOnEveryNode() {
    RayContext ray = a.context();
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      refs.add(
          ray.task(ClusterTest::whereAmI)
              .setSchedulingStrategy(SchedulingStrategy.spread())
              .remote());
    }
    Set<String> nodes = new HashSet<>(ray.get(refs));
    assertThat(nodes).containsExactlyInAnyOrder(a.id().hex(), b.id().hex(), c.id().hex());
  }

  @Test
  void nodeAffinityPinsATaskAndAHardAffinityToAnUnknownNodeFailsAtOnce() {
    RayContext ray = a.context();
    assertThat(ray.task(ClusterTest::whereAmI).setSchedulingStrategy(on(b)).remote().get())
        .isEqualTo(b.id().hex());
    NodeId nowhere = NodeId.random();
    assertThatThrownBy(
            () ->
                ray.task(ClusterTest::whereAmI)
                    .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(nowhere, false))
                    .remote())
        .isInstanceOf(UnschedulableException.class)
        .hasMessageContaining(nowhere.hex());
    assertThat(
            ray.task(ClusterTest::whereAmI)
                .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(nowhere, true))
                .remote()
                .get())
        .as("a soft affinity to an unknown node runs somewhere")
        .isNotEmpty();
  }

  @Test
  void aBusyNodeSendsWorkToTheOthers() {
    RayContext ray = b.context();
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      refs.add(ray.task(ClusterTest::slowWhereAmI, 200).remote());
    }
    assertThat(new HashSet<>(ray.get(refs))).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void customResourcesLeadToTheNodeThatHasThemAndImpossibleDemandsFailAtOnce() {
    RayContext ray = a.context();
    assertThat(ray.task(ClusterTest::whereAmI).setResource("ssd", 1.0).remote().get())
        .isEqualTo(c.id().hex());
    assertThatThrownBy(() -> ray.task(ClusterTest::whereAmI).setResource("ssd", 2.0).remote())
        .isInstanceOf(UnschedulableException.class)
        .hasMessageContaining("ssd");
  }

  @Test
  void largeObjectsMoveBetweenNodesBothWays() {
    RayContext ray = a.context();
    byte[] data = bytes(8 << 20, 1);
    ObjectRef<byte[]> ref = ray.put(data);
    long remote = ray.task(ClusterTest::checksum, ref).setSchedulingStrategy(on(c)).remote().get();
    assertThat(remote).isEqualTo(checksum(data));

    byte[] made =
        ray.task(ClusterTest::bytes, 3 << 20, 7).setSchedulingStrategy(on(b)).remote().get();
    assertThat(made).isEqualTo(bytes(3 << 20, 7));
  }

  @Test
  void refsInsideArgumentsAreResolvedOnTheOtherNode() {
    RayContext ray = a.context();
    List<ObjectRef<Integer>> refs = List.of(ray.put(1), ray.put(2), ray.put(39));
    assertThat(ray.task(ClusterTest::sumOfRefs, refs).setSchedulingStrategy(on(b)).remote().get())
        .isEqualTo(42);
  }

  @Test
  void aRefMadeOnOneNodeIsReadOnAnother() {
    ObjectRef<String> made =
        a.context().task(ClusterTest::whereAmI).setSchedulingStrategy(on(b)).remote();
    assertThat(made.get()).isEqualTo(b.id().hex());
    List<ObjectRef<String>> carrier = List.of(made);
    ObjectRef<List<ObjectRef<String>>> boxed = a.context().put(carrier);
    String seenOnC =
        a.context().task(ClusterTest::firstOf, boxed).setSchedulingStrategy(on(c)).remote().get();
    assertThat(seenOnC).isEqualTo(b.id().hex());
  }

  static String after(String first) {
    return first + "!";
  }

  /**
   * Gates the tests open when they have seen what they wait for: work held on one stays running or
   * pending however slow the machine (a fixed nap could end before a slow listing saw it).
   */
  static final Map<String, java.util.concurrent.CountDownLatch> GATES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static java.util.concurrent.CountDownLatch gate(String name) {
    return GATES.computeIfAbsent(name, g -> new java.util.concurrent.CountDownLatch(1));
  }

  static void pass(String gate) throws InterruptedException {
    if (!gate(gate).await(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the gate " + gate);
    }
  }

  static String heldWhereAmI(String gate) throws InterruptedException {
    pass(gate);
    return whereAmI();
  }

  @Test
  void anyNodeListsTheTasksEveryNodeOwnsAndCancelsThemWhereTheyLive() {
    String ran = c.context().task(ClusterTest::whereAmI).remote().get();
    assertThat(ran).isNotEmpty();
    // c owns a task that waits for its argument: cancellable from a
    String gate = "held-" + java.util.UUID.randomUUID();
    ObjectRef<String> slow =
        c.context().task(ClusterTest::heldWhereAmI, gate).setSchedulingStrategy(on(c)).remote();
    ObjectRef<String> waiting = c.context().task(ClusterTest::after, slow).remote();

    io.stingray.raylet.admin.ClusterTasks.Listing seen =
        a.raylet().clusterTasks().list(10_000, null);
    assertThat(seen.unanswered()).isEmpty();
    assertThat(seen.nodeStats())
        .containsOnlyKeys(a.id().hex(), b.id().hex(), c.id().hex())
        .allSatisfy((node, s) -> assertThat(s.storeCapacityBytes()).isPositive());
    NodeFixture.await(
        "a sees the slow task running on c",
        Duration.ofSeconds(5),
        () -> a.raylet().clusterTasks().list(0, null).nodeStats().get(c.id().hex()).running() == 1);
    assertThat(seen.tasks())
        .filteredOn(t -> t.owner().equals(c.id().hex()))
        .extracting(io.stingray.raylet.admin.ClusterTasks.Task::function)
        .contains("ThreeNodeCluster.whereAmI", "ClusterTest.heldWhereAmI", "ClusterTest.after");
    io.stingray.raylet.admin.ClusterTasks.Task pending =
        seen.tasks().stream()
            .filter(t -> t.function().equals("ClusterTest.after") && t.owner().equals(c.id().hex()))
            .findFirst()
            .orElseThrow();
    assertThat(pending.state()).isEqualTo("PENDING_ARGS");
    assertThat(seen.byState().get("PENDING_ARGS")).isGreaterThanOrEqualTo(1);
    assertThat(seen.submittedTotal()).isGreaterThanOrEqualTo(3);
    assertThat(a.raylet().clusterTasks().list(10_000, "PENDING_ARGS").tasks())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo("PENDING_ARGS"));

    assertThat(a.raylet().clusterTasks().cancel(pending.taskId(), false)).isTrue();
    assertThatThrownBy(waiting::get)
        .isInstanceOf(io.stingray.api.exception.TaskCancelledException.class);
    gate(gate).countDown();
    assertThat(slow.get()).isEqualTo(c.id().hex());
    assertThat(a.raylet().clusterTasks().cancel(pending.taskId(), false))
        .as("an ended task is not cancelled again")
        .isFalse();
  }

  /** An actor whose calls take a while. */
  public static class Sleeper {
    public int nap(int millis) throws InterruptedException {
      Thread.sleep(millis);
      return millis;
    }

    public int held(String gate) throws InterruptedException {
      pass(gate);
      return 1;
    }
  }

  @Test
  void anyNodeSeesThePendingCallsOfActorsOnOtherNodes() {
    ActorHandle<Sleeper> sleeper =
        a.context().actor(Sleeper::new).setSchedulingStrategy(on(b)).remote();
    String gate = "calls-" + java.util.UUID.randomUUID();
    List<ObjectRef<Integer>> naps = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      naps.add(sleeper.task(Sleeper::held, gate).remote());
    }
    NodeFixture.await(
        "c sees calls pending on the actor that b hosts",
        Duration.ofSeconds(10),
        () ->
            c.raylet()
                    .clusterTasks()
                    .list(0, null)
                    .actorPendingCalls()
                    .getOrDefault(sleeper.id().hex(), 0)
                >= 2);
    gate(gate).countDown();
    a.context().get(naps);
    NodeFixture.await(
        "no call is pending once all returned",
        Duration.ofSeconds(10),
        () ->
            c.raylet().clusterTasks().list(0, null).actorPendingCalls().get(sleeper.id().hex())
                == 0);
  }

  static String firstOf(List<ObjectRef<String>> refs) {
    return refs.get(0).get();
  }

  @Test
  void anActorOnAnotherNodeRunsCallsInOrderAndItsHandleTravels() {
    RayContext ray = a.context();
    ActorHandle<ActorTest.Counter> counter =
        ray.actor(ActorTest.Counter::new).setSchedulingStrategy(on(b)).remote();
    for (int i = 0; i < 200; i++) {
      counter.task(ActorTest.Counter::record, i).remote();
    }
    List<Integer> seen = counter.task(ActorTest.Counter::seen).remote().get();
    assertThat(seen).hasSize(200).isSorted();
    assertThat(
            ray.task(ActorTest::callThroughHandle, counter, 5)
                .setSchedulingStrategy(on(c))
                .remote()
                .get())
        .as("a call from a task on a third node")
        .isEqualTo(5);
    assertThat(a.raylet().gcs().actors().get(counter.id()).orElseThrow().node()).isEqualTo(b.id());
  }

  @Test
  void namedActorsAreFoundFromEveryNode() {
    ActorHandle<ActorTest.Counter> made =
        a.context()
            .actor(ActorTest.Counter::new)
            .setName("cluster-wide")
            .setSchedulingStrategy(on(c))
            .remote();
    made.task(ActorTest.Counter::add, 10).remote().get();
    ActorHandle<ActorTest.Counter> found =
        b.context().<ActorTest.Counter>getActor("cluster-wide").orElseThrow();
    assertThat(found.task(ActorTest.Counter::add, 1).remote().get()).isEqualTo(11);
    assertThatThrownBy(
            () -> b.context().actor(ActorTest.Counter::new).setName("cluster-wide").remote())
        .hasMessageContaining("already taken");
  }

  @Test
  void failuresOnAnotherNodeKeepTheirTypeAndMessage() {
    ObjectRef<Integer> r =
        a.context().task(ClusterTest::fails, "bad input").setSchedulingStrategy(on(b)).remote();
    assertThatThrownBy(r::get)
        .isInstanceOf(io.stingray.api.exception.RayTaskException.class)
        .hasMessageContaining("bad input")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  static int fails(String why) {
    throw new IllegalArgumentException(why);
  }

  /** Keeps a ref it was given, to read it later. */
  public static class Keeper {
    private ObjectRef<byte[]> kept;

    public int keep(List<ObjectRef<byte[]>> refs) {
      kept = refs.get(0);
      return 1;
    }

    public long read() {
      return checksum(kept.get());
    }

    public int drop() {
      kept = null;
      return 0;
    }
  }

  @Test
  void aCopyOnAnotherNodeIsInTheDirectoryAndServesTheNextPull() {
    RayContext ray = a.context();
    byte[] data = bytes(3 << 20, 11);
    ObjectRef<byte[]> ref = ray.put(data);
    var directory = c.raylet().gcs().objectDirectory();
    NodeFixture.await(
        "the owner's copy is in the directory",
        Duration.ofSeconds(10),
        () -> directory.locations(ref.id(), List.of(a.id())).size() == 1);
    ActorHandle<Keeper> onB = ray.actor(Keeper::new).setSchedulingStrategy(on(b)).remote();
    onB.task(Keeper::keep, List.of(ref)).remote().get();
    assertThat(onB.task(Keeper::read).remote().get()).isEqualTo(checksum(data));
    NodeFixture.await(
        "b's copy is in the directory",
        Duration.ofSeconds(10),
        () -> directory.locations(ref.id(), List.of(a.id(), b.id())).size() == 2);
    assertThat(directory.all().get(ref.id()).size())
        .as("the serialized size")
        .isBetween((long) data.length, data.length + 64L);
    long servedByA = a.raylet().traffic().pullsServed();
    long servedByB = b.raylet().traffic().pullsServed();

    ActorHandle<Keeper> onC = ray.actor(Keeper::new).setSchedulingStrategy(on(c)).remote();
    onC.task(Keeper::keep, List.of(ref)).remote().get();
    assertThat(onC.task(Keeper::read).remote().get()).isEqualTo(checksum(data));

    assertThat(b.raylet().traffic().pullsServed()).as("b served c").isEqualTo(servedByB + 1);
    assertThat(a.raylet().traffic().pullsServed()).as("a did not").isEqualTo(servedByA);
    onB.task(Keeper::drop).remote().get();
    onC.task(Keeper::drop).remote().get();
    onB.kill();
    onC.kill();
    NodeFixture.await(
        "the copies leave the directory once b and c let them go",
        Duration.ofSeconds(20),
        () -> {
          System.gc();
          return directory.locations(ref.id(), List.of(b.id(), c.id())).isEmpty();
        });
  }

  @Test
  void aCopyListedInTheDirectoryButGoneIsReadFromTheOwnerInstead() {
    RayContext ray = a.context();
    byte[] data = bytes(2 << 20, 12);
    ObjectRef<byte[]> ref = ray.put(data);
    // a stale entry: b is listed, but never had the object
    b.raylet()
        .gcs()
        .objectDirectory()
        .addLocation(ref.id(), b.id(), data.length)
        .toCompletableFuture()
        .join();
    long servedByA = a.raylet().traffic().pullsServed();

    ActorHandle<Keeper> onC = ray.actor(Keeper::new).setSchedulingStrategy(on(c)).remote();
    onC.task(Keeper::keep, List.of(ref)).remote().get();
    assertThat(onC.task(Keeper::read).remote().get()).isEqualTo(checksum(data));

    assertThat(a.raylet().traffic().pullsServed())
        .as("the owner served c")
        .isEqualTo(servedByA + 1);
    b.raylet()
        .gcs()
        .objectDirectory()
        .removeLocation(ref.id(), b.id())
        .toCompletableFuture()
        .join();
    onC.kill();
  }

  @Test
  void aRefHeldOnAnotherNodeKeepsItsObjectAliveUntilReleasedThere() {
    RayContext ray = a.context();
    byte[] data = bytes(1 << 20, 5);
    ObjectRef<byte[]> ref = ray.put(data);
    io.stingray.api.ObjectId id = ref.id();
    ActorHandle<Keeper> keeper = ray.actor(Keeper::new).setSchedulingStrategy(on(b)).remote();
    assertThat(keeper.task(Keeper::keep, List.of(ref)).remote().get()).isEqualTo(1);
    ref = null; // the only ref left is the actor's, on b
    NodeFixture.await(
        "this node dropped its own handle (handles: "
            + a.raylet().table().handleCount(id)
            + ", pinned: "
            + a.raylet().loans().pinned()
            + ")",
        Duration.ofSeconds(20),
        () -> {
          System.gc();
          return a.raylet().loans().pinned() > 0 && ownHandlesGone(id);
        });
    assertThat(keeper.task(Keeper::read).remote().get()).isEqualTo(checksum(data));
    keeper.task(Keeper::drop).remote().get();
    NodeFixture.await(
        "the object is freed once b released it",
        Duration.ofSeconds(20),
        () -> {
          System.gc();
          return a.raylet().table().entry(id) == null;
        });
  }

  private static boolean ownHandlesGone(io.stingray.api.ObjectId id) {
    return a.raylet().table().handleCount(id) == 1; // the pin held for b
  }

  @Test
  void aStrangerWithoutTheSecretIsRefused() {
    var executor = Executors.newCachedThreadPool();
    String address = a.raylet().gcs().nodes().get(b.id()).orElseThrow().address();
    try (Peers stranger =
        new Peers(new ClusterAuth(cluster, "guess"), executor, n -> address, null)) {
      ObjectRef<Integer> ref = b.context().put(1);
      assertThatThrownBy(() -> stranger.to(b.id()).pull(ref.id(), "", Duration.ofSeconds(5)).join())
          .isInstanceOf(CompletionException.class)
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e).getCode())
                      .isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aCapturedTokenReplayedByAnotherClientIsRefused() {
    String address = a.raylet().gcs().nodes().get(b.id()).orElseThrow().address();
    ClusterAuth member = new ClusterAuth(cluster, SECRET, "captured-sender");
    java.util.concurrent.atomic.AtomicReference<String> captured =
        new java.util.concurrent.atomic.AtomicReference<>();
    io.grpc.ClientInterceptor sniff =
        new io.grpc.ClientInterceptor() { // sees the headers as they go on the wire
          @Override
          public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(
              io.grpc.MethodDescriptor<Q, R> method,
              io.grpc.CallOptions options,
              io.grpc.Channel next) {
            return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(
                next.newCall(method, options)) {
              @Override
              public void start(Listener<R> listener, io.grpc.Metadata headers) {
                captured.set(headers.get(ClusterAuth.TOKEN));
                super.start(listener, headers);
              }
            };
          }
        };
    io.grpc.ManagedChannel channel =
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(address)
            .usePlaintext()
            .build();
    try {
      io.stingray.raylet.rpc.proto.FreeRequest free =
          io.stingray.raylet.rpc.proto.FreeRequest.getDefaultInstance();
      io.stingray.raylet.rpc.proto.RayletPeerGrpc.newBlockingStub(
              io.grpc.ClientInterceptors.intercept(channel, sniff, member))
          .freeObjects(free); // the member's call: accepted
      assertThat(captured.get()).isNotBlank();
      io.grpc.Metadata replay = new io.grpc.Metadata();
      replay.put(ClusterAuth.TOKEN, captured.get());
      assertThatThrownBy(
              () ->
                  io.stingray.raylet.rpc.proto.RayletPeerGrpc.newBlockingStub(channel)
                      .withInterceptors(
                          io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(replay))
                      .freeObjects(free))
          .satisfies(
              e -> {
                Status s = Status.fromThrowable(e);
                assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(s.getDescription()).contains("replay");
              });
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aTaskRunningOnANodeThatLeavesIsResubmitted() throws Exception {
    try (RayNode d = node("d", 1, Map.of("doomed", 1.0))) {
      awaitAlive(a, 4);
      ObjectRef<String> r =
          a.context()
              .task(ClusterTest::slowWhereAmI, 1500)
              .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(d.id(), true))
              .remote();
      NodeFixture.await(
          "the task runs on d",
          Duration.ofSeconds(10),
          () -> d.raylet().scheduler().runningCount() > 0);
      d.close();
      String ranOn = r.get(Duration.ofSeconds(30));
      assertThat(ranOn).isNotEqualTo(d.id().hex());
    }
    awaitAlive(a, 3);
  }

  static final java.util.concurrent.atomic.AtomicInteger INTERRUPTED =
      new java.util.concurrent.atomic.AtomicInteger();

  static final java.util.concurrent.atomic.AtomicInteger SLEEPING =
      new java.util.concurrent.atomic.AtomicInteger();

  static String sleepUntilInterrupted() {
    SLEEPING.incrementAndGet();
    try {
      Thread.sleep(30_000);
      return "slept";
    } catch (InterruptedException e) {
      INTERRUPTED.incrementAndGet();
      return "interrupted";
    }
  }

  @Test
  void aForcedCancelInterruptsTheTaskOnTheNodeThatRunsIt() {
    int before = INTERRUPTED.get();
    int asleep = SLEEPING.get();
    ObjectRef<String> r =
        a.context().task(ClusterTest::sleepUntilInterrupted).setSchedulingStrategy(on(b)).remote();
    // the task's own start, not the scheduler's count (taken before a thread even runs it)
    NodeFixture.await("the task runs on b", Duration.ofSeconds(10), () -> SLEEPING.get() > asleep);
    a.context().cancel(r, true, true);
    assertThatThrownBy(r::get).isInstanceOf(io.stingray.api.exception.TaskCancelledException.class);
    NodeFixture.await(
        "b interrupted the task", Duration.ofSeconds(10), () -> INTERRUPTED.get() == before + 1);
    NodeFixture.await(
        "b's CPU is free again",
        Duration.ofSeconds(10),
        () -> b.raylet().scheduler().runningCount() == 0);
  }

  /** A large result that says where it was made. */
  static byte[] bigFrom(int mib) {
    byte[] b = new byte[mib << 20];
    byte[] where = whereAmI().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(where, 0, b, 0, where.length);
    return b;
  }

  @Test
  void aResultLostWithItsNodeBeforeItReachedTheOwnerIsMadeAgain() {
    ObjectRef<byte[]> r;
    try (RayNode d = node("d4", 1, Map.of())) {
      awaitAlive(a, 4);
      r =
          a.context()
              .task(ClusterTest::bigFrom, 128)
              .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(d.id(), true))
              .remote();
      // the result is made and held on d; a pulls it (128 MiB take a while), and d leaves
      NodeFixture.await(
          "a pulls the result from d",
          Duration.ofSeconds(20),
          () -> a.raylet().traffic().pullsInFlight() > 0);
      d.close();
      byte[] value = r.get(Duration.ofSeconds(60));
      assertThat(new String(value, 0, 32, java.nio.charset.StandardCharsets.US_ASCII))
          .as("made again on another node")
          .isNotEqualTo(d.id().hex());
      assertThat(value).hasSize(128 << 20);
    }
    awaitAlive(a, 3);
  }

  @Test
  void anObjectWhoseOwnerLeftFailsWithOwnerDiedInsteadOfHanging() {
    try (RayNode d = node("d3", 1, Map.of())) {
      awaitAlive(a, 4);
      ObjectRef<ObjectRef<byte[]>> made =
          a.context()
              .task(MultiProcessTest::makeBig, 1 << 20, 1)
              .setSchedulingStrategy(on(d))
              .remote();
      ObjectRef<byte[]> ownedByD = made.get();
      d.close();
      awaitAlive(a, 3);
      assertThatThrownBy(() -> ownedByD.get(Duration.ofSeconds(30)))
          .isInstanceOf(io.stingray.api.exception.OwnerDiedException.class)
          .hasMessageContaining(d.id().hex());
    }
  }

  @Test
  void aTaskGoesWhereItsLargeArgumentIs() {
    ObjectRef<ObjectRef<byte[]>> made =
        a.context()
            .task(MultiProcessTest::makeBig, 4 << 20, 2)
            .setSchedulingStrategy(on(c))
            .remote();
    ObjectRef<byte[]> onC = made.get();
    assertThat(a.context().task(ClusterTest::whereWith, onC).remote().get())
        .isEqualTo(c.id().hex());
  }

  static String whereWith(byte[] data) {
    return whereAmI();
  }

  @Test
  void anActorOnANodeThatLeavesRestartsElsewhere() {
    try (RayNode d = node("d2", 1, Map.of())) {
      awaitAlive(a, 4);
      ActorHandle<ActorTest.Counter> counter =
          a.context()
              .actor(ActorTest.Counter::new)
              .setMaxRestarts(1)
              .setMaxTaskRetries(1)
              .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(d.id(), true))
              .remote();
      assertThat(counter.task(ActorTest.Counter::increment).remote().get()).isEqualTo(1);
      d.close();
      assertThat(counter.task(ActorTest.Counter::increment).remote().get(Duration.ofSeconds(30)))
          .as("a fresh instance elsewhere")
          .isEqualTo(1);
      // the new instance writes its row as it starts taking calls: a call enqueued meanwhile may
      // be answered first
      NodeFixture.await(
          "the actor's row names its new node",
          Duration.ofSeconds(10),
          () -> !d.id().equals(a.raylet().gcs().actors().get(counter.id()).orElseThrow().node()));
    }
    awaitAlive(a, 3);
  }

  @Test
  void aCallFromANodeThatDidNotCreateTheActorIsSentAgainToItsNextInstance() throws Exception {
    try (RayNode d = node("d5", 1, Map.of())) {
      awaitAlive(a, 4);
      a.context()
          .actor(ActorTest.Counter::new)
          .setName("retried-from-b")
          .setMaxRestarts(1)
          .setMaxTaskRetries(1)
          .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(d.id(), true))
          .remote()
          .task(ActorTest.Counter::increment)
          .remote()
          .get();
      ActorHandle<ActorTest.Counter> fromB =
          b.context().<ActorTest.Counter>getActor("retried-from-b").orElseThrow();
      ActorTest.Counter.started = new java.util.concurrent.CountDownLatch(1);
      ObjectRef<Integer> inFlight =
          fromB.task(ActorTest.Counter::sleepThenIncrement, 3000).remote();
      assertThat(ActorTest.Counter.started.await(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("the call runs on d")
          .isTrue();
      d.close(); // the instance dies with the call in flight; a (its owner) restarts it elsewhere

      assertThat(inFlight.get(Duration.ofSeconds(40)))
          .as("b's call, retried as the actor's maxTaskRetries allows, on the fresh instance")
          .isEqualTo(1);
    }
    awaitAlive(a, 3);
  }
}
