package io.stingray.raylet.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.stingray.gcs.ClusterProof;
import io.stingray.gcs.ClusterToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes prove to each other that they know the cluster secret: every gRPC call carries {@code
 * stingray-cluster-token}, a fresh {@link ClusterProof} token (an HMAC keyed with the cluster's key
 * over the sender, a counter and the time), accepted once and only within a minute of its time. A
 * call without one, with a wrong one, or with one seen before (a replay of a token read off the
 * network) is refused with UNAUTHENTICATED, saying which, and logged with the caller's address.
 * Thread-safe.
 */
public final class ClusterAuth implements ServerInterceptor, ClientInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAuth.class);

  /** The header every call between nodes carries its token in. */
  public static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("stingray-cluster-token", Metadata.ASCII_STRING_MARSHALLER);

  private final ClusterProof proof;

  /**
   * @param clusterName the cluster's name
   * @param secret the shared secret (every node of the cluster must be given the same)
   * @param self this node's id in hex (the sender its tokens name)
   */
  public ClusterAuth(String clusterName, String secret, String self) {
    this.proof = new ClusterProof(ClusterToken.of(clusterName, secret), self);
  }

  /** For a client that is not a node (tools, tests): its tokens name a random sender. */
  public ClusterAuth(String clusterName, String secret) {
    this(clusterName, secret, "client-" + Long.toHexString(System.nanoTime()));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String given = headers.get(TOKEN);
    try {
      proof.check(given);
    } catch (ClusterProof.Refused e) {
      LOG.warn(
          "refused {} from {}: {}",
          call.getMethodDescriptor().getBareMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          e.getMessage());
      call.close(
          Status.UNAUTHENTICATED.withDescription("not a member of this cluster: " + e.getMessage()),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(TOKEN, proof.issue());
        super.start(listener, headers);
      }
    };
  }
}
