package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pulls between a real gRPC server with its object port and a real client over loopback: large
 * objects take the object port, small ones gRPC, and every failure of the port ends in the bytes
 * coming over gRPC or in a clear status, never a hang.
 */
class BulkTransferTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<ObjectId, PeerHandler.Held> held = new ConcurrentHashMap<>();
  private final java.util.Set<ObjectId> neverReady = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.CountDownLatch createStarted =
      new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch createMayEnd =
      new java.util.concurrent.CountDownLatch(1);
  private final ClusterAuth auth = new ClusterAuth("bulk-test", "secret");
  private BulkServer bulk;
  private PeerServer server;
  private PeerClient client;

  @BeforeEach
  void start() {
    bulk = new BulkServer("127.0.0.1", 0, executor, null);
    server = new PeerServer("127.0.0.1", 0, auth, new Holder(), executor, bulk, null);
    client = new PeerClient(NodeId.random(), "127.0.0.1:" + server.port(), auth, executor, null);
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.lost("test over");
    server.close();
    bulk.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * The objects the server counts as sent once it reaches {@code expected} or 10 s pass: it counts
   * a send after its last byte is written, which may be after the client has read that byte.
   */
  private long servedWithin(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bulk.served() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return bulk.served();
  }

  @Test
  void aLargeObjectComesOverTheObjectPortWithEveryByteInPlace() throws Exception {
    byte[] bytes = hold(ObjectId.random(), (7 << 19) + 123); // 3.5 MiB and a bit
    ObjectId id = held.keySet().iterator().next();

    PeerClient.Pulled p = pull(id);

    assertThat(p.size()).isEqualTo(bytes.length);
    assertThat(concat(p.chunks())).isEqualTo(bytes);
    assertThat(servedWithin(1)).isEqualTo(1);
  }

  @Test
  void pullsBeyondTheBudgetWaitTheirTurnAndEveryOneArrivesWhole() throws Exception {
    // 24 pulls of 1-3 MiB side by side through a budget of 4 MiB: at most 4 MiB (or one object
    // alone) is being received at any time, the others wait, and every byte arrives (without the
    // budget all 24 came at once: over 40 MiB on the heap)
    PullBudget budget = new PullBudget(4 << 20);
    PeerClient bounded =
        new PeerClient(
            NodeId.random(), "127.0.0.1:" + server.port(), auth, executor, null, budget, null);
    try {
      Random random = new Random(42);
      Map<ObjectId, byte[]> expected = new java.util.HashMap<>();
      for (int i = 0; i < 24; i++) {
        ObjectId id = ObjectId.random();
        expected.put(id, hold(id, (1 << 20) + random.nextInt(2 << 20)));
      }
      Map<ObjectId, java.util.concurrent.CompletableFuture<PeerClient.Pulled>> pulls =
          new java.util.HashMap<>();
      for (ObjectId id : expected.keySet()) {
        pulls.put(id, bounded.pull(id, "", Duration.ofSeconds(30)));
      }
      for (Map.Entry<ObjectId, byte[]> e : expected.entrySet()) {
        PeerClient.Pulled p = pulls.get(e.getKey()).get(60, TimeUnit.SECONDS);
        assertThat(concat(p.chunks())).as("object " + e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(budget.peak()).as("bytes received at once").isLessThanOrEqualTo(4 << 20);
      assertThat(budget.queuedEver()).as("pulls that waited").isPositive();
      assertThat(budget.inFlight()).as("every grant given back").isZero();
      assertThat(servedWithin(24)).as("all over the object port").isEqualTo(24);
    } finally {
      bounded.lost("test over");
    }
  }

  @Test
  void aSmallObjectStaysOnGrpc() throws Exception {
    ObjectId id = ObjectId.random();
    byte[] bytes = hold(id, 200_000);

    assertThat(concat(pull(id).chunks())).isEqualTo(bytes);
    assertThat(bulk.served()).isZero();
  }

  @Test
  void aTicketIsGoodForOneReadOnly() throws Exception {
    byte[] bytes = new byte[1000];
    new Random(1).nextBytes(bytes);
    byte[] ticket = bulk.offer(PeerHandler.Held.of(List.of(bytes), bytes.length));

    assertThat(concat(BulkClient.read("127.0.0.1", bulk.port(), ticket, bytes.length, null)))
        .isEqualTo(bytes);
    assertThatThrownBy(() -> BulkClient.read("127.0.0.1", bulk.port(), ticket, bytes.length, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refused: unknown or expired ticket");
    assertThat(bulk.refused()).isEqualTo(1);
  }

  @Test
  void aHelloSentAByteAtATimeIsCutOffAtTheHandshakeTimeoutInAll() throws Exception {
    long started = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", bulk.port())) {
      byte[] hello = new byte[BulkServer.MAGIC.length + 16];
      System.arraycopy(BulkServer.MAGIC, 0, hello, 0, BulkServer.MAGIC.length);
      // each byte well within the per-read timeout; all of them take four times the timeout
      long gap = BulkServer.HANDSHAKE_TIMEOUT_MS * 4L / hello.length;
      try {
        for (byte b : hello) {
          s.getOutputStream().write(b);
          s.getOutputStream().flush();
          Thread.sleep(gap);
          if (s.getInputStream().available() > 0) {
            break; // the server answered (or closed)
          }
        }
      } catch (IOException closed) {
        // the server closed the connection: what this test wants
      }
      s.setSoTimeout(10_000);
      int answer;
      try {
        answer = s.getInputStream().read();
      } catch (IOException reset) {
        answer = -1;
      }
      assertThat(answer).as("closed without serving anything").isIn(-1, (int) BulkServer.REFUSED);
    }
    assertThat((System.nanoTime() - started) / 1_000_000)
        .as("cut off well before the slow hello was complete")
        .isLessThan(BulkServer.HANDSHAKE_TIMEOUT_MS * 3L);
    assertThat(bulk.refused()).isEqualTo(1);
  }

  @Test
  void aConnectionThatIsNotAPullerIsRefusedWithAReason() throws Exception {
    try (Socket s = new Socket("127.0.0.1", bulk.port())) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertThat(in.read()).isEqualTo(BulkServer.REFUSED);
      byte[] reason = new byte[in.readUnsignedShort()];
      in.readFully(reason);
      assertThat(new String(reason, StandardCharsets.UTF_8)).contains("did not start with SRB1");
    }
    assertThat(bulk.refused()).isEqualTo(1);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnceAndAPullerStillGetsIn() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < BulkServer.MAX_CONNECTIONS; i++) {
        idle.add(new Socket("127.0.0.1", bulk.port())); // connected, saying nothing
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      int closedAtOnce = 0;
      while (closedAtOnce == 0 && System.nanoTime() < deadline) {
        try (Socket extra = new Socket("127.0.0.1", bulk.port())) {
          extra.setSoTimeout(1000);
          if (extra.getInputStream().read() < 0) {
            closedAtOnce++; // closed without a word: over the limit
          }
        } catch (java.net.SocketTimeoutException notYet) {
          // the accept loop had not counted every idle connection yet
        }
      }
      assertThat(closedAtOnce).isEqualTo(1);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    byte[] bytes = new byte[100];
    byte[] ticket = bulk.offer(PeerHandler.Held.of(List.of(bytes), bytes.length));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<byte[]> read = null;
    while (read == null) { // the idle ones are being let go
      try {
        read = BulkClient.read("127.0.0.1", bulk.port(), ticket, bytes.length, null);
      } catch (IOException e) {
        assertThat(until - System.nanoTime())
            .as("read within 10 s: " + e.getMessage())
            .isPositive();
        ticket = bulk.offer(PeerHandler.Held.of(List.of(bytes), bytes.length));
      }
    }
    assertThat(concat(read)).isEqualTo(bytes);
  }

  @Test
  void anObjectPortThatCannotBeReachedFallsBackToGrpc() throws Exception {
    ObjectId id = ObjectId.random();
    byte[] bytes = hold(id, 2 << 20);
    bulk.close(); // the server still offers tickets for a port nobody listens on now

    assertThat(concat(pull(id).chunks())).isEqualTo(bytes);
    assertThat(concat(pull(id).chunks())).isEqualTo(bytes); // and again, without asking for it
    assertThat(bulk.served()).isZero();
  }

  @Test
  void anObjectPortThatWasCutOffIsTriedAgainAfterAWhileNotAvoidedForGood() throws Exception {
    ObjectId id = ObjectId.random();
    byte[] bytes = hold(id, 2 << 20);
    int port = bulk.port();
    bulk.close(); // cut off for a while (a partition, a slow link's failed connects)
    assertThat(concat(pull(id).chunks())).isEqualTo(bytes); // over gRPC

    // the port is back; tickets still come from the old server, so the new one refuses them,
    // which shows whether the puller asked it at all (the bytes then come over gRPC)
    BulkServer back = new BulkServer("127.0.0.1", port, executor, null);
    try {
      assertThat(concat(pull(id).chunks())).isEqualTo(bytes);
      assertThat(back.refused()).as("within the retry period: not asked").isZero();

      client.portRetry = java.time.Duration.ZERO; // the period is over
      assertThat(concat(pull(id).chunks())).isEqualTo(bytes);
      assertThat(back.refused()).as("after it: asked again").isEqualTo(1);
    } finally {
      back.close();
    }
  }

  @Test
  void anObjectThatLeavesWhileItIsReadEndsAsNotFoundNotAHang() {
    ObjectId id = ObjectId.random();
    byte[] first = new byte[1 << 20];
    held.put(id, new PeerHandler.Held(3, i -> i == 0 ? first : null, 3L << 20, 0, null));

    assertThatThrownBy(() -> pull(id))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining("left this node");
  }

  @Test
  void aPullWhoseBytesStopComingIsAbortedAfterTheProgressDeadlineNotAtTheCallDeadline()
      throws Exception {
    ObjectId id = ObjectId.random();
    byte[] part = new byte[100_000];
    java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    held.put(
        id,
        new PeerHandler.Held(
            3,
            i -> {
              if (i == 1) {
                try {
                  stalled.await(); // the holder (or the link) stops after the first chunk
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return part;
            },
            300_000,
            0,
            null));
    try {
      CompletableFuture<PeerClient.Pulled> pull = client.pull(id, "", Duration.ofSeconds(10));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (client.pullsStarted() == 0) {
        assertThat(System.nanoTime()).as("the header came").isLessThan(until);
        Thread.sleep(5);
      }
      long now = System.nanoTime();
      client.checkPulls(now + TimeUnit.SECONDS.toNanos(20)); // past the call deadline: bytes came
      assertThat(pull).isNotDone();
      client.checkPulls(now + PeerClient.PROGRESS_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(1));
      assertThatThrownBy(() -> pull.get(10, TimeUnit.SECONDS))
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e.getCause()).getCode())
                      .isEqualTo(Status.Code.ABORTED))
          .hasMessageContaining("no bytes of object " + id.hex());
    } finally {
      stalled.countDown();
    }
  }

  @Test
  void aPullOfAnObjectNotReadyEndsAtItsDeadlineAsDeadlineExceeded() {
    ObjectId id = ObjectId.random();
    neverReady.add(id);
    CompletableFuture<PeerClient.Pulled> pull = client.pull(id, "", Duration.ofSeconds(10));
    client.checkPulls(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    assertThat(pull).isNotDone();
    client.checkPulls(System.nanoTime() + TimeUnit.SECONDS.toNanos(11));
    assertThatThrownBy(() -> pull.get(10, TimeUnit.SECONDS))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void aSlowHandlerDoesNotFreezeTheConnection() throws Exception {
    ObjectId id = ObjectId.random();
    byte[] bytes = hold(id, 100_000);
    CompletableFuture<Void> creating =
        CompletableFuture.runAsync(
            () -> client.createActor(CreateActorRequest.getDefaultInstance()), executor);
    try {
      assertThat(createStarted.await(10, TimeUnit.SECONDS)).isTrue();
      // the handler writes to the GCS under a lock, say: the same connection still answers
      assertThat(concat(pull(id).chunks())).isEqualTo(bytes);
      assertThat(client.listTasks(10, null).get(10, TimeUnit.SECONDS)).isNotNull();
    } finally {
      createMayEnd.countDown();
    }
    creating.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWorkTooLargeForOneMessageFailsAloneWithTheLimitNamed() throws Exception {
    CompletableFuture<io.stingray.raylet.rpc.proto.WorkResult> big = new CompletableFuture<>();
    client.send(
        io.stingray.raylet.rpc.proto.Work.newBuilder()
            .setJob("j")
            .setFunction(com.google.protobuf.ByteString.copyFrom(new byte[9 << 20])),
        callback(big));
    io.stingray.raylet.rpc.proto.WorkResult r = big.get(10, TimeUnit.SECONDS);
    assertThat(r.hasFailure()).isTrue();
    assertThat(r.getFailure().getMessage())
        .contains(String.valueOf(PeerClient.MAX_WORK_BYTES))
        .contains("ray.put");
    CompletableFuture<io.stingray.raylet.rpc.proto.WorkResult> small = new CompletableFuture<>();
    client.send(io.stingray.raylet.rpc.proto.Work.newBuilder().setJob("j"), callback(small));
    assertThat(small.get(10, TimeUnit.SECONDS).getValue().toStringUtf8())
        .as("the shared stream still carries other work")
        .isEqualTo("ran");
  }

  private static PeerClient.WorkCallback callback(
      CompletableFuture<io.stingray.raylet.rpc.proto.WorkResult> outcome) {
    return new PeerClient.WorkCallback() {
      @Override
      public void done(io.stingray.raylet.rpc.proto.WorkResult result) {
        outcome.complete(result);
      }

      @Override
      public void lost(String why) {
        outcome.completeExceptionally(new IllegalStateException(why));
      }
    };
  }

  private PeerClient.Pulled pull(ObjectId id) throws Exception {
    return client.pull(id, "", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
  }

  /** Holds random bytes as 1 MiB chunks, as the store keeps them. */
  private byte[] hold(ObjectId id, int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    List<byte[]> chunks = new ArrayList<>();
    for (int off = 0; off < size; off += 1 << 20) {
      chunks.add(java.util.Arrays.copyOfRange(bytes, off, Math.min(size, off + (1 << 20))));
    }
    held.put(id, PeerHandler.Held.of(chunks, size));
    return bytes;
  }

  private static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    chunks.forEach(all::writeBytes);
    return all.toByteArray();
  }

  /** A node that only holds objects: pulls are all this test asks of it. */
  private final class Holder extends ObjectHolder {
    @Override
    public CompletableFuture<Held> object(ObjectId id, String job) {
      if (neverReady.contains(id)) {
        return new CompletableFuture<>(); // its task never ends
      }
      Held h = held.get(id);
      return h == null ? null : CompletableFuture.completedFuture(h);
    }

    @Override
    public void createActor(CreateActorRequest request) {
      createStarted.countDown();
      try {
        createMayEnd.await(); // a handler that takes its time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void free(List<ObjectId> ids) {
      ids.forEach(held::remove);
    }

    @Override
    public void run(
        io.stingray.raylet.rpc.proto.Work work,
        java.util.function.Consumer<io.stingray.raylet.rpc.proto.WorkResult> reply) {
      reply.accept(
          io.stingray.raylet.rpc.proto.WorkResult.newBuilder()
              .setCallId(work.getCallId())
              .setValue(com.google.protobuf.ByteString.copyFromUtf8("ran"))
              .build());
    }
  }
}
