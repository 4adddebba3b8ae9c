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
 * With TLS ({@link PeerIdentity}), the caller's certificate must also name the address of the node
 * its token names, else PERMISSION_DENIED; the sender is then in the call's context ({@link
 * #SENDER}) for the handlers to check what the messages claim. Thread-safe.
 */
public final class ClusterAuth implements ServerInterceptor, ClientInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAuth.class);

  /** The header every call between nodes carries its token in. */
  public static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("stingray-cluster-token", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The sender an incoming call's token proved and its certificate fits (a node id in hex), in the
   * call's gRPC context when nodes check certificates (TLS): the handlers check the ids a message
   * claims against it. Null without TLS.
   */
  public static final io.grpc.Context.Key<String> SENDER = io.grpc.Context.key("stingray-sender");

  private final ClusterProof proof;
  private final PeerIdentity identity;

  /**
   * @param clusterName the cluster's name
   * @param secret the shared secret (every node of the cluster must be given the same)
   * @param self this node's id in hex (the sender its tokens name)
   * @param identity with TLS, checks that a caller's certificate names its node's address (null: no
   *     TLS, no such check)
   */
  public ClusterAuth(String clusterName, String secret, String self, PeerIdentity identity) {
    this.proof = new ClusterProof(ClusterToken.of(clusterName, secret), self);
    this.identity = identity;
  }

  /** A node's, without a certificate check. */
  public ClusterAuth(String clusterName, String secret, String self) {
    this(clusterName, secret, self, null);
  }

  /** For a client that is not a node (tools, tests): its tokens name a random sender. */
  public ClusterAuth(String clusterName, String secret) {
    this(clusterName, secret, "client-" + Long.toHexString(System.nanoTime()));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String given = headers.get(TOKEN);
    String sender;
    try {
      sender = proof.check(given);
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
    if (identity == null) {
      return next.startCall(call, headers);
    }
    {
      javax.net.ssl.SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      String why = tls == null ? "the call came without TLS" : identity.mismatch(sender, tls);
      if (why != null) {
        LOG.warn(
            "refused {} from {}: it claims to be node {}, but {}",
            call.getMethodDescriptor().getBareMethodName(),
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
            sender,
            why);
        call.close(
            Status.PERMISSION_DENIED.withDescription(
                "the caller claims to be node " + sender + ", but " + why),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
    }
    return io.grpc.Contexts.interceptCall(
        io.grpc.Context.current().withValue(SENDER, sender), call, headers, next);
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
