package io.stingray.raylet.rpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.stingray.gcs.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS between raylets, from PEM files: the contexts of the gRPC server and clients, and of
 * the object port. Every file is read and checked once, when the node starts. Immutable and
 * thread-safe.
 */
public final class NodeTls {
  private final SslContext grpcServer;
  private final SslContext grpcClient;
  private final SSLContext objectPort;

  /**
   * Reads the files.
   *
   * @throws IllegalArgumentException naming the file that cannot be read or used, and why
   */
  public NodeTls(Path certificate, Path key, Path trust) {
    KeyStore own = PemFiles.keys(certificate, key);
    KeyStore trusted = PemFiles.trust(trust);
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(own, new char[0]);
      TrustManagerFactory trusts =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusts.init(trusted);
      // one reading of the files for all three contexts
      this.grpcServer =
          GrpcSslContexts.configure(SslContextBuilder.forServer(keys))
              .trustManager(trusts)
              .clientAuth(ClientAuth.REQUIRE)
              .build();
      this.grpcClient = GrpcSslContexts.forClient().keyManager(keys).trustManager(trusts).build();
      this.objectPort = SSLContext.getInstance("TLS");
      objectPort.init(keys.getKeyManagers(), trusts.getTrustManagers(), null);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS with certificate "
              + certificate
              + ", key "
              + key
              + " and trust "
              + trust
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** For the gRPC server: asks every caller for a certificate the trust file signed. */
  SslContext grpcServer() {
    return grpcServer;
  }

  /** For gRPC clients: presents this node's certificate and checks the server's. */
  SslContext grpcClient() {
    return grpcClient;
  }

  /** For the object port, both sides. */
  SSLContext objectPort() {
    return objectPort;
  }
}
