package io.stingray.gcs;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a GCS member's JGroups transport, made from the node's PEM files: its key and
 * certificate, and an {@link AddressBoundTrust} (the peer's certificate must chain to the trust
 * file and name the address at the other end). JGroups would read key store files and trust any
 * certificate under the authority; instead the context is handed to the transport by {@link
 * StingrayAuth} while the channel starts, found under a one-time id that the stack names. Nothing
 * is written to disk. {@link #close} forgets the context once the channel holds it.
 */
final class JGroupsTls implements AutoCloseable {
  private static final Map<String, SSLContext> STARTING = new ConcurrentHashMap<>();

  private final String id;

  private JGroupsTls(String id) {
    this.id = id;
  }

  /**
   * Makes the context and keeps it for the channel about to start.
   *
   * @throws IllegalArgumentException naming a PEM file that cannot be used
   * @throws GcsException if the JVM cannot make a TLS context of them
   */
  static JGroupsTls prepare(GcsConfig.Tls tls) {
    KeyStore keys = PemFiles.keys(tls.certificate(), tls.key());
    KeyStore trust = PemFiles.trust(tls.trust());
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), new TrustManager[] {new AddressBoundTrust(trust)}, null);
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      String id = HexFormat.of().formatHex(random);
      STARTING.put(id, context);
      return new JGroupsTls(id);
    } catch (GeneralSecurityException e) {
      throw new GcsException("cannot make JGroups' TLS context: " + e, e);
    }
  }

  /** The context kept under {@code id}, or null if there is none (anymore). */
  static SSLContext context(String id) {
    return STARTING.get(id);
  }

  /** The attributes of JGroups' TCP element that turn TLS on, with client authentication. */
  String attributes() {
    return "tls.enabled=\"true\" tls.client_auth=\"NEED\"";
  }

  /** The id {@link StingrayAuth}'s {@code tls_context} names. */
  String id() {
    return id;
  }

  @Override
  public void close() {
    STARTING.remove(id);
  }
}
