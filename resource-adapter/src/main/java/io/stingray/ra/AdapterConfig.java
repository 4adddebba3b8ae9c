package io.stingray.ra;

import io.stingray.raylet.NodeConfig;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the adapter's config properties into a {@link NodeConfig}. Each property may be overridden
 * per server by a system property {@code stingray.<name>} or an environment variable {@code
 * STINGRAY_<NAME>} (upper snake case), because Payara does not substitute {@code ${...}} in
 * {@code @ConfigProperty} defaults. A bad value fails with a message naming the property and what
 * it accepts.
 */
final class AdapterConfig {
  private final Function<String, String> system;
  private final Function<String, String> env;

  AdapterConfig(Function<String, String> system, Function<String, String> env) {
    this.system = system;
    this.env = env;
  }

  static AdapterConfig fromEnvironment() {
    return new AdapterConfig(System::getProperty, System::getenv);
  }

  /** The effective value: system property, then environment variable, then the property. */
  String value(String name, String configured) {
    String v = system.apply("stingray." + name);
    if (v == null) {
      v = env.apply("STINGRAY_" + snake(name));
    }
    return v != null ? v.trim() : configured == null ? null : configured.trim();
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  NodeConfig nodeConfig(StingrayResourceAdapter ra) throws ResourceAdapterInternalException {
    NodeConfig.Builder b = NodeConfig.builder();
    b.clusterName(required("clusterName", value("clusterName", ra.getClusterName())));
    String nodeName = value("nodeName", ra.getNodeName());
    b.nodeName(nodeName == null || nodeName.isEmpty() ? null : nodeName);
    String cpus = value("numCpus", ra.getNumCpus());
    b.numCpus(
        cpus == null || cpus.isEmpty() || cpus.equals("auto")
            ? Runtime.getRuntime().availableProcessors()
            : (int) number("numCpus", cpus, 0, 4096, "a whole number >= 0, or auto"));
    b.resources(resources(value("resources", ra.getResources())));
    b.objectStoreMemory(
        number(
            "objectStoreMemory",
            value("objectStoreMemory", ra.getObjectStoreMemory()),
            1 << 20,
            Long.MAX_VALUE,
            "a byte count >= 1048576"));
    b.maxPullBytesInFlight(
        number(
            "maxPullBytesInFlight",
            value("maxPullBytesInFlight", ra.getMaxPullBytesInFlight()),
            0,
            Long.MAX_VALUE,
            "a byte count >= 0 (0: half the object store)"));
    b.maxQueuedActorCalls(
        (int)
            number(
                "maxQueuedActorCalls",
                value("maxQueuedActorCalls", ra.getMaxQueuedActorCalls()),
                1,
                Integer.MAX_VALUE,
                "a whole number >= 1"));
    String spill = value("spillDirectory", ra.getSpillDirectory());
    if (spill != null && !spill.isEmpty()) {
      b.spillDirectory(spill.equalsIgnoreCase("none") ? null : Path.of(spill));
    }
    b.grpcPort(
        (int) number("grpcPort", value("grpcPort", ra.getGrpcPort()), 0, 65535, "a port 0..65535"));
    b.objectPort(
        (int)
            number(
                "objectPort",
                value("objectPort", ra.getObjectPort()),
                -1,
                65535,
                "a port 0..65535, or -1 for none"));
    String jgroups = value("jgroupsConfig", ra.getJgroupsConfig());
    b.jgroupsConfig(jgroups == null || jgroups.isEmpty() ? null : jgroups);
    b.bindAddress(required("bindAddress", value("bindAddress", ra.getBindAddress())));
    String allowed = value("allowedClasses", ra.getAllowedClasses());
    b.allowedClasses(
        allowed == null || allowed.isBlank()
            ? List.of()
            : Arrays.stream(allowed.split(",")).map(String::trim).toList());
    String strict = value("strictClassFilter", ra.getStrictClassFilter());
    if (strict != null && !strict.isEmpty() && !strict.matches("(?i)true|false")) {
      throw bad("strictClassFilter", strict, "true or false");
    }
    b.strictClassFilter(Boolean.parseBoolean(strict));
    String secret = value("clusterSecret", ra.getClusterSecret());
    b.clusterSecret(secret == null || secret.isEmpty() ? null : secret);
    b.tls(
        file(value("tlsCertificate", ra.getTlsCertificate())),
        file(value("tlsKey", ra.getTlsKey())),
        file(value("tlsTrust", ra.getTlsTrust())));
    b.runsAnyJob(false); // a server runs the applications deployed on it, nothing else
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException("Stingray adapter: " + e.getMessage(), e);
    }
  }

  /** A file setting: null when unset or empty. */
  private static Path file(String v) {
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  private static String required(String name, String v) throws ResourceAdapterInternalException {
    if (v == null || v.isBlank()) {
      throw bad(name, v, "a non-empty value");
    }
    return v;
  }

  private static long number(String name, String v, long min, long max, String accepts)
      throws ResourceAdapterInternalException {
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw bad(name, v, accepts);
      }
      return n;
    } catch (NumberFormatException | NullPointerException e) {
      throw bad(name, v, accepts);
    }
  }

  static Map<String, Double> resources(String spec) throws ResourceAdapterInternalException {
    Map<String, Double> m = new HashMap<>();
    if (spec == null || spec.isBlank()) {
      return m;
    }
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      try {
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new NumberFormatException();
        }
        double q = Double.parseDouble(kv[1].trim());
        if (q < 0 || Double.isNaN(q) || Double.isInfinite(q)) {
          throw new NumberFormatException();
        }
        m.put(kv[0].trim(), q);
      } catch (NumberFormatException e) {
        throw bad("resources", spec, "NAME=QUANTITY pairs separated by commas, e.g. GPU=1,ssd=4");
      }
    }
    return m;
  }

  private static ResourceAdapterInternalException bad(String name, String value, String accepts) {
    return new ResourceAdapterInternalException(
        "Stingray adapter property '"
            + name
            + "' (system property stingray."
            + name
            + ", environment STINGRAY_"
            + snake(name)
            + ") is '"
            + value
            + "'; it accepts "
            + accepts);
  }
}
