package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A result the sender can no longer hear (it gave the node up, say while the node was paused, and
 * closed its stream) is reported undelivered, so that the node drops what it kept for the sender:
 * the sender will never pull or free it. Real gRPC server and client over loopback.
 */
class UndeliveredResultsTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ClusterAuth auth = new ClusterAuth("undelivered-test", "secret");
  private final LinkedBlockingQueue<Consumer<WorkResult>> replies = new LinkedBlockingQueue<>();
  private final List<WorkResult> undelivered = new CopyOnWriteArrayList<>();
  private final List<WorkResult> unconfirmed = new CopyOnWriteArrayList<>();
  private PeerServer server;
  private PeerClient client;

  /** Holds each work's reply for the test to give; records undelivered results. */
  private final class Node extends ObjectHolder {
    @Override
    public void run(Work work, Consumer<WorkResult> reply) {
      replies.add(reply);
    }

    @Override
    public void undelivered(List<WorkResult> results) {
      undelivered.addAll(results);
    }

    @Override
    public void unconfirmed(List<WorkResult> results) {
      unconfirmed.addAll(results);
    }

    @Override
    public CompletableFuture<Held> object(io.stingray.api.ObjectId id, String job) {
      return CompletableFuture.completedFuture(null);
    }
  }

  @BeforeEach
  void start() {
    server = new PeerServer("127.0.0.1", 0, auth, new Node(), executor, null, null);
    client = new PeerClient(NodeId.random(), "127.0.0.1:" + server.port(), auth, executor, null);
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.lost("test over");
    server.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static WorkResult stored(long callId) {
    return WorkResult.newBuilder()
        .setCallId(callId)
        .setStoredSize(1 << 20)
        .setStoredId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
        .build();
  }

  private Consumer<WorkResult> sendOne(CompletableFuture<WorkResult> answer) throws Exception {
    client.send(
        Work.newBuilder().setJob("j"),
        new PeerClient.WorkCallback() {
          @Override
          public void done(WorkResult r) {
            answer.complete(r);
          }

          @Override
          public void lost(String why) {
            answer.completeExceptionally(new IllegalStateException(why));
          }
        });
    Consumer<WorkResult> reply = replies.poll(10, TimeUnit.SECONDS);
    assertThat(reply).as("the work reached the node").isNotNull();
    return reply;
  }

  @Test
  void aResultWhoseSenderClosedItsStreamIsReportedUndelivered() throws Exception {
    CompletableFuture<WorkResult> answer = new CompletableFuture<>();
    Consumer<WorkResult> reply = sendOne(answer);
    client.lost("the node was marked lost"); // what the sender does to a node it gives up
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.dispatchStreams() > 0) {
      assertThat(System.nanoTime()).as("the node saw the stream end").isLessThan(deadline);
      Thread.sleep(5);
    }
    WorkResult r = stored(1);
    reply.accept(r); // the work finishes after its sender gave up on it
    assertThat(undelivered).containsExactly(r);
  }

  @Test
  void resultsSentJustBeforeTheStreamEndsAreReportedUnconfirmed() throws Exception {
    CompletableFuture<WorkResult> answer = new CompletableFuture<>();
    Consumer<WorkResult> reply = sendOne(answer);
    WorkResult r = stored(1);
    reply.accept(r);
    answer.get(10, TimeUnit.SECONDS); // here it arrived; the server cannot know that
    CompletableFuture<WorkResult> second = new CompletableFuture<>();
    sendOne(second).accept(stored(2));
    second.get(10, TimeUnit.SECONDS);
    client.lost("the node was marked lost");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (unconfirmed.isEmpty()) {
      assertThat(System.nanoTime()).as("the end of the stream was told").isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(unconfirmed)
        .as("the sender must claim them (named by their stored ids)")
        .extracting(WorkResult::getCallId, WorkResult::getStoredId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1L, r.getStoredId()),
            org.assertj.core.groups.Tuple.tuple(2L, r.getStoredId()));
    assertThat(undelivered).isEmpty();
  }

  @Test
  void aResultTheSenderHearsIsNotReportedUndelivered() throws Exception {
    CompletableFuture<WorkResult> answer = new CompletableFuture<>();
    Consumer<WorkResult> reply = sendOne(answer);
    reply.accept(stored(1));
    assertThat(answer.get(10, TimeUnit.SECONDS).getStoredSize()).isEqualTo(1 << 20);
    assertThat(undelivered).isEmpty();
  }
}
