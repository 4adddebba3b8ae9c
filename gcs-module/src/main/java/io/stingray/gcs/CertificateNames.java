package io.stingray.gcs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a node's certificate names a given host: as an IP or DNS subject alternative name, or as
 * a host name that resolves to it. Used wherever a peer's certificate must fit the address it
 * speaks from or for (JGroups connections, gRPC claims), so that a certificate of the cluster's
 * authority speaks for one address only. A host name's addresses are kept 30 s (only answers: a
 * failed lookup is asked again). Wildcard names ({@code *.example}) never match. Thread-safe.
 */
public final class CertificateNames {
  private static final int DNS = 2;
  private static final int IP = 7;

  /** How long a name's addresses are trusted before it is resolved again (a pod moved). */
  static final long TTL_NANOS = 30_000_000_000L;

  private record Resolved(Set<InetAddress> addresses, long until) {}

  private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

  /**
   * The IP and DNS alternative names of a certificate.
   *
   * @throws IllegalArgumentException if they cannot be read (the message says why)
   */
  public static List<String> of(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if (Integer.valueOf(DNS).equals(type) || Integer.valueOf(IP).equals(type)) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException(
          "its certificate's alternative names cannot be read: " + e.getMessage(), e);
    }
    return names;
  }

  /**
   * Null if {@code cert} names {@code host} (an IP literal or a host name); else why not, for a
   * refusal ({@code whose} says what the host is, e.g. "the address it connects from").
   */
  public String mismatch(X509Certificate cert, String host, String whose) {
    List<String> names;
    try {
      names = of(cert);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
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
        + ", "
        + whose;
  }

  /**
   * Whether {@code name} (from a certificate) is {@code host} or, as a host name, resolves to it.
   */
  public boolean sameHost(String host, String name) {
    if (host.equalsIgnoreCase(name)) {
      return true;
    }
    try {
      if (literal(host) && literal(name)) { // written differently: ::1 and 0:0:0:0:0:0:0:1
        return InetAddress.getByName(host).equals(InetAddress.getByName(name));
      }
      if (literal(host)) { // a certificate that names the node's host name: its addresses
        return addresses(name).contains(InetAddress.getByName(host));
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  private Set<InetAddress> addresses(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    Resolved known = resolved.get(key);
    if (known != null && System.nanoTime() - known.until() < 0) {
      return known.addresses();
    }
    try {
      Set<InetAddress> found = Set.of(InetAddress.getAllByName(key));
      resolved.put(key, new Resolved(found, System.nanoTime() + TTL_NANOS));
      return found;
    } catch (UnknownHostException e) {
      return Set.of();
    }
  }

  private static boolean literal(String s) {
    return s.contains(":") || s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }
}
