package io.stingray.raylet;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.stingray.raylet.rpc.ClusterAuth;
import io.stingray.raylet.rpc.proto.RayletPeerGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Any bytes, sent by a member of the cluster as the request of any of a node's gRPC methods, are
 * answered within seconds with a status that says what was wrong (or OK): never UNKNOWN, which gRPC
 * answers when a handler throws an exception nobody turned into a status (a bug, and a stack trace
 * with no message for the sender), and never no answer at all. One real node, called over loopback
 * with the cluster's token, the bytes going through gRPC's own protobuf decoding. The regression
 * inputs run in every build; {@code mvn -Pfuzz test -pl raylet-module} fuzzes.
 */
class PeerServiceFuzzTest {
  // gRPC logs every request it cannot parse with a stack trace (SEVERE), millions when fuzzing;
  // held here, since the log manager holds loggers weakly and would forget the level
  static final List<java.util.logging.Logger> QUIET =
      java.util.stream.Stream.of(
              "io.grpc.internal.SerializingExecutor",
              "io.grpc.internal.SerializeReentrantCallsDirectExecutor")
          .map(java.util.logging.Logger::getLogger)
          .peek(l -> l.setLevel(java.util.logging.Level.OFF))
          .toList();

  static final String SECRET = "fuzz-secret";
  static final String CLUSTER = "fuzz-" + UUID.randomUUID();
  static final RayNode NODE =
      RayNode.start(
          NodeConfig.builder().clusterName(CLUSTER).clusterSecret(SECRET).numCpus(1).build());
  static final ManagedChannel CHANNEL =
      NettyChannelBuilder.forTarget(
              NODE.raylet().gcs().nodes().get(NODE.id()).orElseThrow().address())
          .usePlaintext()
          .intercept(new ClusterAuth(CLUSTER, SECRET))
          .build();
  static final List<MethodDescriptor<?, ?>> METHODS =
      List.copyOf(RayletPeerGrpc.getServiceDescriptor().getMethods());

  /** Bytes as they are: the request goes on the wire as the fuzzer made it. */
  enum Raw implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @AfterAll
  static void stop() {
    CHANNEL.shutdownNow();
    NODE.close();
  }

  @FuzzTest(maxDuration = "10m")
  void everyRequestIsAnsweredWithAStatusThatSaysWhy(FuzzedDataProvider data) {
    // the node's own connections (JGroups probing its ports, gRPC to itself) are not the fuzzer's
    com.code_intelligence.jazzer.api.BugDetectors.allowNetworkConnections();
    MethodDescriptor<?, ?> typed = data.pickValue(METHODS);
    MethodDescriptor<byte[], byte[]> method = typed.toBuilder(Raw.INSTANCE, Raw.INSTANCE).build();
    byte[] request = data.consumeRemainingAsBytes();
    boolean wellFormed;
    try {
      typed.parseRequest(new ByteArrayInputStream(request));
      wellFormed = true;
    } catch (RuntimeException notProtobuf) {
      // gRPC itself refuses it before any handler sees it (as UNKNOWN, logging it): not ours
      wellFormed = false;
    }
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    try {
      switch (method.getType()) {
        case UNARY -> ClientCalls.blockingUnaryCall(CHANNEL, method, options, request);
        case SERVER_STREAMING -> {
          Iterator<byte[]> answers =
              ClientCalls.blockingServerStreamingCall(CHANNEL, method, options, request);
          answers.forEachRemaining(a -> {});
        }
        default -> {
          // the work stream: one batch, then the end of the stream
          java.util.concurrent.CompletableFuture<Status> ended =
              new java.util.concurrent.CompletableFuture<>();
          io.grpc.stub.StreamObserver<byte[]> out =
              ClientCalls.asyncBidiStreamingCall(
                  CHANNEL.newCall(method, options),
                  new io.grpc.stub.StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] answer) {}

                    @Override
                    public void onError(Throwable t) {
                      ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                      ended.complete(Status.OK);
                    }
                  });
          out.onNext(request);
          out.onCompleted();
          Status s = ended.get(15, TimeUnit.SECONDS);
          check(method, s, wellFormed);
        }
      }
    } catch (StatusRuntimeException e) {
      check(method, e.getStatus(), wellFormed);
    } catch (java.util.concurrent.TimeoutException
        | InterruptedException
        | java.util.concurrent.ExecutionException e) {
      throw new AssertionError(method.getFullMethodName() + " did not end: " + e, e);
    }
  }

  private static void check(MethodDescriptor<?, ?> method, Status s, boolean wellFormed) {
    if ((wellFormed && s.getCode() == Status.Code.UNKNOWN)
        || s.getCode() == Status.Code.DEADLINE_EXCEEDED
        || s.getCode() == Status.Code.UNAUTHENTICATED) {
      throw new AssertionError(method.getFullMethodName() + " answered " + s, s.getCause());
    }
  }
}
