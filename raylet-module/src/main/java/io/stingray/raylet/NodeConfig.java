package io.stingray.raylet;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a node. Immutable; build with {@link #builder()}. Defaults let several nodes on one
 * machine form a cluster over loopback with no further settings.
 */
public final class NodeConfig {
  private final String clusterName;
  private final String nodeName;
  private final int numCpus;
  private final Map<String, Double> resources;
  private final long objectStoreMemory;
  private final Path spillDirectory;
  private final String bindAddress;
  private final int grpcPort;
  private final int objectPort;
  private final String jgroupsConfig;
  private final String namespace;
  private final List<String> allowedClasses;
  private final boolean strictClassFilter;
  private final long maxInlineObjectBytes;
  private final long maxPullBytesInFlight;
  private final int maxQueuedActorCalls;
  private final String clusterSecret;
  private final boolean runsAnyJob;
  private final TlsFiles tls;

  private NodeConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.nodeName = b.nodeName;
    this.numCpus = b.numCpus;
    this.resources = Map.copyOf(b.resources);
    this.objectStoreMemory = b.objectStoreMemory;
    this.spillDirectory = b.spillDirectory;
    this.bindAddress = b.bindAddress;
    this.grpcPort = b.grpcPort;
    this.objectPort = b.objectPort;
    this.jgroupsConfig = b.jgroupsConfig;
    this.namespace = b.namespace;
    this.allowedClasses = List.copyOf(b.allowedClasses);
    this.strictClassFilter = b.strictClassFilter;
    this.maxInlineObjectBytes = b.maxInlineObjectBytes;
    this.maxPullBytesInFlight = b.maxPullBytesInFlight;
    this.maxQueuedActorCalls = b.maxQueuedActorCalls;
    this.clusterSecret = b.clusterSecret;
    this.runsAnyJob = b.runsAnyJob;
    this.tls = b.tls;
  }

  /**
   * PEM files for mutual TLS between nodes: this node's certificate chain, its private key
   * (PKCS#8), and the certificates of the authorities whose node certificates are trusted.
   */
  public record TlsFiles(Path certificate, Path key, Path trust) {}

  /** Mutual TLS on gRPC and the object port, or null for plain TCP (the default). */
  public TlsFiles tls() {
    return tls;
  }

  /** The secret nodes prove they share, or null for the built-in default. */
  public String clusterSecret() {
    return clusterSecret;
  }

  /** Whether work of jobs not deployed here runs here (with this node's class path). */
  public boolean runsAnyJob() {
    return runsAnyJob;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public String clusterName() {
    return clusterName;
  }

  /** The node's name, or null for a generated one. */
  public String nodeName() {
    return nodeName;
  }

  public int numCpus() {
    return numCpus;
  }

  /** Custom resources (and GPU, memory), besides CPU. */
  public Map<String, Double> resources() {
    return resources;
  }

  public long objectStoreMemory() {
    return objectStoreMemory;
  }

  /** Where objects spill when the store passes 80 %; null disables spilling. */
  public Path spillDirectory() {
    return spillDirectory;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** The object port for large objects between nodes: 0 ephemeral, -1 none (gRPC only). */
  public int objectPort() {
    return objectPort;
  }

  /** A JGroups XML file or resource, or null for the built-in loopback stack. */
  public String jgroupsConfig() {
    return jgroupsConfig;
  }

  /** The driver job's namespace, or null for a namespace of its own. */
  public String namespace() {
    return namespace;
  }

  /** Class patterns the driver job may deserialize besides the JDK's value types. */
  public List<String> allowedClasses() {
    return allowedClasses;
  }

  /** Whether only {@link #allowedClasses()} (and JDK value types) may be deserialized. */
  public boolean strictClassFilter() {
    return strictClassFilter;
  }

  /** Objects up to this size travel inline; larger ones go to the object store. */
  public long maxInlineObjectBytes() {
    return maxInlineObjectBytes;
  }

  /**
   * The most bytes of objects this node receives from object ports at once; pulls beyond it wait
   * their turn (a single larger one goes alone). By default half the object store's memory.
   */
  public long maxPullBytesInFlight() {
    return maxPullBytesInFlight > 0
        ? maxPullBytesInFlight
        : Math.max(1 << 20, objectStoreMemory / 2);
  }

  /**
   * The most unfinished calls an actor hosted here may have, from every caller together; a call
   * beyond it fails with {@code PendingCallsLimitExceededException} (default 100,000).
   */
  public int maxQueuedActorCalls() {
    return maxQueuedActorCalls;
  }

  /** Builds a {@link NodeConfig}. Not thread-safe. */
  public static final class Builder {
    private String clusterName = "stingray";
    private String nodeName;
    private int numCpus = Runtime.getRuntime().availableProcessors();
    private final Map<String, Double> resources = new HashMap<>();
    private long objectStoreMemory = 256L << 20;
    // one per user: the directory must be its user's alone (see ObjectStore)
    private Path spillDirectory =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "stingray-spill-"
                + System.getProperty("user.name", "user").replaceAll("[^\\w.-]", "_"));
    private String bindAddress = "127.0.0.1";
    private int grpcPort;
    private int objectPort;
    private String jgroupsConfig;
    private String namespace;
    private List<String> allowedClasses = List.of();
    private boolean strictClassFilter;
    private long maxInlineObjectBytes = 100 * 1024;
    private long maxPullBytesInFlight; // 0: half the object store
    private int maxQueuedActorCalls = 100_000;
    private String clusterSecret;
    private TlsFiles tls;
    private boolean runsAnyJob = true;

    private Builder() {}

    /**
     * The secret every node of the cluster must share: gRPC calls between nodes carry an HMAC of
     * the cluster name keyed with it, and calls without the right one are refused and logged
     * (default: a built-in secret, which keeps strangers out only by the cluster name; set one on
     * any network that is not trusted).
     */
    public Builder clusterSecret(String secret) {
      this.clusterSecret = secret;
      return this;
    }

    /**
     * Whether this node runs tasks and actors of jobs that are not deployed on it, with its own
     * class path (default true: plain-Java nodes share one class path; an application server runs
     * only the applications deployed on it).
     */
    public Builder runsAnyJob(boolean any) {
      this.runsAnyJob = any;
      return this;
    }

    /** Nodes with the same cluster name find each other (default "stingray"). */
    public Builder clusterName(String name) {
      this.clusterName = name;
      return this;
    }

    /** A readable node name (default: generated). */
    public Builder nodeName(String name) {
      this.nodeName = name;
      return this;
    }

    /** CPUs offered to tasks (default: the machine's processors). */
    public Builder numCpus(int cpus) {
      this.numCpus = cpus;
      return this;
    }

    /** Other resources, e.g. {@code Map.of("GPU", 1.0, "ssd", 4.0)}; "CPU" here overrides. */
    public Builder resources(Map<String, Double> resources) {
      this.resources.clear();
      this.resources.putAll(Objects.requireNonNull(resources, "resources"));
      return this;
    }

    /** Off-heap bytes for the object store (default 256 MiB). */
    public Builder objectStoreMemory(long bytes) {
      this.objectStoreMemory = bytes;
      return this;
    }

    /**
     * Where objects spill (default {@code java.io.tmpdir}/stingray-spill-USER, made with mode
     * 0700); an existing directory must belong to this user and be closed to others. Null disables
     * spilling.
     */
    public Builder spillDirectory(Path dir) {
      this.spillDirectory = dir;
      return this;
    }

    /** The address JGroups and gRPC bind (default 127.0.0.1). */
    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    /** The gRPC port between nodes (0 = ephemeral, the default). */
    public Builder grpcPort(int port) {
      this.grpcPort = port;
      return this;
    }

    /**
     * The TCP port other nodes read large objects (1 MiB or more) from, after asking over gRPC: 0 =
     * ephemeral (the default), -1 = none, every object goes over gRPC (slower).
     */
    public Builder objectPort(int port) {
      this.objectPort = port;
      return this;
    }

    /**
     * Mutual TLS on every connection between nodes (JGroups with the built-in stack or a stack file
     * whose TCP element has {@code @TLS@}, gRPC, and the object port): each node presents {@code
     * certificate} (a PEM chain, with the node's address or host name among its subject alternative
     * names) and {@code key} (PEM PKCS#8), and accepts only peers whose certificates {@code trust}
     * (PEM) signed. Null (the default): plain TCP.
     */
    public Builder tls(Path certificate, Path key, Path trust) {
      this.tls =
          certificate == null && key == null && trust == null
              ? null
              : new TlsFiles(certificate, key, trust);
      return this;
    }

    /** A JGroups XML file or class-path resource (default: built-in loopback TCP stack). */
    public Builder jgroupsConfig(String fileOrResource) {
      this.jgroupsConfig = fileOrResource;
      return this;
    }

    /** The driver job's namespace for named actors (default: one of its own). */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Class patterns ({@code com.acme.Order}, {@code com.acme.*}, {@code com.acme.**}). */
    public Builder allowedClasses(List<String> patterns) {
      this.allowedClasses = List.copyOf(patterns);
      return this;
    }

    /** Deserialize only JDK value types and {@link #allowedClasses} (default false). */
    public Builder strictClassFilter(boolean strict) {
      this.strictClassFilter = strict;
      return this;
    }

    /**
     * The most bytes of objects received from object ports at once (default 0: half of {@link
     * #objectStoreMemory}); pulls beyond it wait, in order.
     */
    public Builder maxPullBytesInFlight(long bytes) {
      this.maxPullBytesInFlight = bytes;
      return this;
    }

    /**
     * The most unfinished calls of an actor hosted on this node, from all callers together (default
     * 100,000); beyond it a call fails with {@code PendingCallsLimitExceededException}.
     */
    public Builder maxQueuedActorCalls(int calls) {
      this.maxQueuedActorCalls = calls;
      return this;
    }

    /** The largest object kept inline rather than in the store (default 100 KiB). */
    public Builder maxInlineObjectBytes(long bytes) {
      this.maxInlineObjectBytes = bytes;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first setting that is out of range
     */
    public NodeConfig build() {
      if (clusterName == null || clusterName.isBlank()) {
        throw new IllegalArgumentException("clusterName must not be blank");
      }
      if (numCpus < 0) {
        throw new IllegalArgumentException("numCpus must be >= 0, got " + numCpus);
      }
      if (objectStoreMemory < 1 << 20) {
        throw new IllegalArgumentException(
            "objectStoreMemory must be at least 1 MiB, got " + objectStoreMemory);
      }
      if (grpcPort < 0 || grpcPort > 65535) {
        throw new IllegalArgumentException("grpcPort must be 0..65535, got " + grpcPort);
      }
      if (objectPort < -1 || objectPort > 65535) {
        throw new IllegalArgumentException(
            "objectPort must be -1 (none) or 0..65535, got " + objectPort);
      }
      if (clusterSecret != null && clusterSecret.isEmpty()) {
        throw new IllegalArgumentException("clusterSecret must not be empty (null = default)");
      }
      if (tls != null && (tls.certificate() == null || tls.key() == null || tls.trust() == null)) {
        throw new IllegalArgumentException(
            "TLS needs a certificate, a key and a trust file together, got " + tls);
      }
      if (maxInlineObjectBytes < 0) {
        throw new IllegalArgumentException("maxInlineObjectBytes must be >= 0");
      }
      if (maxQueuedActorCalls < 1) {
        throw new IllegalArgumentException(
            "maxQueuedActorCalls must be at least 1, got " + maxQueuedActorCalls);
      }
      if (maxPullBytesInFlight < 0) {
        throw new IllegalArgumentException(
            "maxPullBytesInFlight must be >= 0 (0: half the object store), got "
                + maxPullBytesInFlight);
      }
      if (clusterSecret == null && tls == null && !loopback(bindAddress)) {
        throw new IllegalArgumentException(
            "this node would listen on "
                + bindAddress
                + ", which is not a loopback address, with neither a cluster secret nor TLS:"
                + " anyone who can reach it and has Stingray's source could join the cluster."
                + " Set a cluster secret (NodeConfig.clusterSecret, adapter property"
                + " clusterSecret, or STINGRAY_CLUSTER_SECRET for RayNodeMain) or mutual TLS"
                + " (NodeConfig.tls, adapter properties tlsCertificate, tlsKey and tlsTrust,"
                + " RayNodeMain --tls-certificate, --tls-key and --tls-trust)");
      }
      resources.forEach(io.stingray.raylet.scheduler.ResourceSet::checkEntry);
      return new NodeConfig(this);
    }

    /** Whether an address is one of this machine's loopback addresses (not a wildcard). */
    private static boolean loopback(String address) {
      try {
        return java.net.InetAddress.getByName(address).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException("bindAddress " + address + " is not known", e);
      }
    }
  }
}
