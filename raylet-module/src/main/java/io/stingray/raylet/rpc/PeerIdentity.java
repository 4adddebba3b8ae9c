package io.stingray.raylet.rpc;

import io.stingray.gcs.CertificateNames;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * With TLS, a caller's certificate must name the address of the node its token claims to be: a
 * certificate of the cluster's authority no longer lets its holder speak for any node. The address
 * is the one the node registered in the GCS ({@code host:port}, its bind address); the certificate
 * names it as a subject alternative name (IP or DNS), or names a host name that resolves to it
 * (resolved once per name), as the README asks of every node's certificate. Thread-safe.
 */
public final class PeerIdentity {
  private final Function<String, String> addressOf;
  private final CertificateNames names = new CertificateNames();

  /**
   * @param addressOf a node id (hex) to the {@code host:port} it registered, or null if unknown
   */
  public PeerIdentity(Function<String, String> addressOf) {
    this.addressOf = addressOf;
  }

  /** Null if the session's certificate fits the sender; else why not, for the refusal. */
  String mismatch(String sender, SSLSession session) {
    String address = addressOf.apply(sender);
    if (address == null) {
      return "no node " + sender + " is registered in the cluster";
    }
    X509Certificate cert;
    try {
      Certificate[] chain = session.getPeerCertificates();
      cert = (X509Certificate) chain[0];
    } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
      return "it showed no certificate";
    }
    return names.mismatch(cert, host(address), "the address that node registered");
  }

  /** The host of {@code host:port} or {@code [v6]:port}. */
  static String host(String address) {
    int colon = address.lastIndexOf(':');
    String h = colon < 0 ? address : address.substring(0, colon);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  boolean sameHost(String host, String name) {
    return names.sameHost(host, name);
  }
}
