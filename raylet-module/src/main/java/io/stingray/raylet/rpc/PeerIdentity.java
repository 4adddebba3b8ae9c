package io.stingray.raylet.rpc;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
  // a certificate's host names, resolved once each (a handful per cluster)
  private final java.util.Map<String, java.util.Set<java.net.InetAddress>> names =
      new java.util.concurrent.ConcurrentHashMap<>();

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
    String host = host(address);
    X509Certificate cert;
    try {
      Certificate[] chain = session.getPeerCertificates();
      cert = (X509Certificate) chain[0];
    } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
      return "it showed no certificate";
    }
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return "its certificate's alternative names cannot be read: " + e.getMessage();
    }
    for (String name : names) {
      if (sameHost(host, name)) {
        return null;
      }
    }
    return "its certificate ("
        + cert.getSubjectX500Principal().getName()
        + ", naming "
        + (names.isEmpty() ? "no address" : String.join(", ", names))
        + ") does not name "
        + host
        + ", the address that node registered";
  }

  /** The host of {@code host:port} or {@code [v6]:port}. */
  static String host(String address) {
    int colon = address.lastIndexOf(':');
    String h = colon < 0 ? address : address.substring(0, colon);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  boolean sameHost(String host, String name) {
    if (host.equalsIgnoreCase(name)) {
      return true;
    }
    try {
      if (literal(host) && literal(name)) { // written differently: ::1 and 0:0:0:0:0:0:0:1
        return java.net.InetAddress.getByName(host).equals(java.net.InetAddress.getByName(name));
      }
      if (literal(host)) { // a certificate that names the node's host name: its addresses
        return resolved(name).contains(java.net.InetAddress.getByName(host));
      }
    } catch (java.net.UnknownHostException e) {
      return false;
    }
    return false;
  }

  private java.util.Set<java.net.InetAddress> resolved(String name) {
    String key = name.toLowerCase(java.util.Locale.ROOT);
    java.util.Set<java.net.InetAddress> known = names.get(key);
    if (known != null) {
      return known;
    }
    try {
      java.util.Set<java.net.InetAddress> found =
          java.util.Set.of(java.net.InetAddress.getAllByName(key));
      names.put(key, found); // only answers are kept: a failed lookup is asked again next time
      return found;
    } catch (java.net.UnknownHostException e) {
      return java.util.Set.of();
    }
  }

  private static boolean literal(String s) {
    return s.contains(":") || s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }
}
