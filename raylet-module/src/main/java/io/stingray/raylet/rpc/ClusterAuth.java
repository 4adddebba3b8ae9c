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
import io.stingray.gcs.ClusterToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes prove to each other that they know the cluster secret: every gRPC call carries {@code
 * stingray-cluster-token}, an HMAC-SHA256 of the cluster name keyed with the secret. A call without
 * it or with another value is refused with UNAUTHENTICATED and logged with the caller's address.
 * Immutable and thread-safe.
 */
public final class ClusterAuth implements ServerInterceptor, ClientInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAuth.class);
  static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("stingray-cluster-token", Metadata.ASCII_STRING_MARSHALLER);

  private final String token;

  /**
   * @param clusterName the cluster's name
   * @param secret the shared secret (every node of the cluster must be given the same)
   */
  public ClusterAuth(String clusterName, String secret) {
    this.token = ClusterToken.of(clusterName, secret); // the same proof JGroups AUTH checks
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String given = headers.get(TOKEN);
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
      LOG.warn(
          "refused {} from {}: {} cluster token",
          call.getMethodDescriptor().getBareMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          given == null ? "no" : "a wrong");
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "not a member of this cluster: the cluster token is missing or wrong"),
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
        headers.put(TOKEN, token);
        super.start(listener, headers);
      }
    };
  }
}
