package io.stingray.raylet.rpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
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
    List<Certificate> chain = certificates(certificate);
    List<Certificate> authorities = certificates(trust);
    PrivateKey privateKey = privateKey(key);
    try {
      this.grpcServer =
          GrpcSslContexts.forServer(certificate.toFile(), key.toFile())
              .trustManager(trust.toFile())
              .clientAuth(ClientAuth.REQUIRE)
              .build();
      this.grpcClient =
          GrpcSslContexts.forClient()
              .keyManager(certificate.toFile(), key.toFile())
              .trustManager(trust.toFile())
              .build();
      KeyStore own = KeyStore.getInstance("PKCS12");
      own.load(null, null);
      char[] none = new char[0];
      own.setKeyEntry("node", privateKey, none, chain.toArray(Certificate[]::new));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(own, none);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        trusted.setCertificateEntry("authority-" + i, authorities.get(i));
      }
      TrustManagerFactory trusts =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusts.init(trusted);
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

  private static List<Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> list =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate in " + file);
      }
      return list;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the key " + file + ": " + e.getMessage(), e);
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "the key "
              + file
              + " is not a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("the key " + file + " is not an EC, RSA or Ed25519 key");
  }
}
