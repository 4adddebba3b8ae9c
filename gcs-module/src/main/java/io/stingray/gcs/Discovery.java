package io.stingray.gcs;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The discovery protocol of the built-in JGroups stack, chosen by system properties: TCPPING over a
 * host list (loopback ports 7800-7830 by default), or DNS_PING when {@code
 * stingray.jgroups.dns_query} is set. Stateless.
 */
final class Discovery {
  static final String DNS_QUERY = "stingray.jgroups.dns_query";
  static final String DNS_RECORD_TYPE = "stingray.jgroups.dns_record_type";
  static final String DNS_ADDRESS = "stingray.jgroups.dns_address";

  private Discovery() {}

  /**
   * A setting from the system property, else the environment variable of the same name in upper
   * snake case ({@code stingray.jgroups.dns_query} → {@code STINGRAY_JGROUPS_DNS_QUERY}), which is
   * easier to set in a container.
   */
  static String setting(String property) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(property.replace('.', '_').toUpperCase(Locale.ROOT));
  }

  /**
   * The protocol element for {@code @DISCOVERY@}.
   *
   * @param properties system properties (a parameter so tests need not set real ones)
   * @throws GcsException if a DNS setting is malformed (the message names the property)
   */
  static String element(UnaryOperator<String> properties) {
    String query = properties.apply(DNS_QUERY);
    if (query == null || query.isBlank()) {
      // ${...} are JGroups' own: resolved from system properties when the stack is built
      return "<TCPPING initial_hosts=\"${stingray.jgroups.hosts:@BIND@[7800]}\""
          + " port_range=\"${stingray.jgroups.ping_range:30}\" send_cache_on_join=\"true\"/>";
    }
    String type = properties.apply(DNS_RECORD_TYPE);
    type = type == null || type.isBlank() ? "A" : type.trim().toUpperCase(Locale.ROOT);
    if (!type.equals("A") && !type.equals("SRV")) {
      throw new GcsException(
          "system property " + DNS_RECORD_TYPE + " must be A or SRV, not '" + type + "'", null);
    }
    StringBuilder e =
        new StringBuilder("<dns.DNS_PING dns_query=\"")
            .append(attribute(DNS_QUERY, query.trim()))
            .append("\" dns_record_type=\"")
            .append(type)
            .append('"');
    String server = properties.apply(DNS_ADDRESS);
    if (server != null && !server.isBlank()) {
      e.append(" dns_address=\"").append(attribute(DNS_ADDRESS, server.trim())).append('"');
    }
    return e.append(" send_cache_on_join=\"true\"/>").toString();
  }

  /** A host name, address or port list: nothing that could end the XML attribute. */
  private static String attribute(String property, String value) {
    if (!value.matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
      throw new GcsException(
          "system property " + property + " is not a DNS name or address: '" + value + "'", null);
    }
    return value;
  }
}
