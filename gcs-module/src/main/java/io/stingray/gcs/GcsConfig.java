package io.stingray.gcs;

import java.util.Objects;

/**
 * How a node joins the global control store.
 *
 * @param clusterName nodes with the same name form one cluster
 * @param memberName this member's name in the JGroups view (the raylet uses its node id hex)
 * @param jgroupsConfig a JGroups XML file or class-path resource; null for the built-in loopback
 *     TCP stack ({@code stingray-jgroups-tcp.xml})
 * @param bindAddress the address JGroups binds; null for 127.0.0.1 (ignored with a custom file)
 * @param secret the cluster secret members must share to join (JGroups AUTH with {@link
 *     ClusterToken}; {@code @AUTH@} in a stack file is replaced with this member's token)
 * @param tls PEM files for TLS with client authentication on JGroups' TCP connections
 *     ({@code @TLS@} in a stack's TCP element), or null for plain TCP
 */
public record GcsConfig(
    String clusterName,
    String memberName,
    String jgroupsConfig,
    String bindAddress,
    String secret,
    Tls tls) {
  /** This member's certificate chain and PKCS#8 key, and the trusted authorities (PEM files). */
  public record Tls(
      java.nio.file.Path certificate, java.nio.file.Path key, java.nio.file.Path trust) {}

  /** Plain TCP. */
  public GcsConfig(
      String clusterName,
      String memberName,
      String jgroupsConfig,
      String bindAddress,
      String secret) {
    this(clusterName, memberName, jgroupsConfig, bindAddress, secret, null);
  }

  public GcsConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(memberName, "memberName");
    Objects.requireNonNull(secret, "secret");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
  }
}
