package io.stingray.ra;

import io.stingray.api.admin.ClusterAdmin;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.Raylet;
import io.stingray.raylet.context.Job;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAResource;

/**
 * The Stingray resource adapter: {@link #start} boots this server's raylet (joining the GCS) on the
 * container's WorkManager threads, {@link #stop} leaves the cluster. Every application that gets a
 * {@code RayContext} from it is a job, keyed by the application's class loader.
 *
 * <p>Every property can be overridden per server with a system property {@code stingray.<name>} or
 * an environment variable {@code STINGRAY_<NAME>}; see the README's table.
 *
 * <p>Just over 400 lines, most of them the documented {@code @ConfigProperty} fields an
 * administrator sets; the node itself is the raylet's.
 */
@Connector(
    displayName = "Stingray",
    description = "Ray's tasks, objects and actors across the app servers of a cluster",
    vendorName = "Stingray",
    eisType = "Stingray cluster",
    version = "0.1",
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
    reauthenticationSupport = false)
public class StingrayResourceAdapter implements ResourceAdapter, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(StingrayResourceAdapter.class.getName());

  @ConfigProperty(
      defaultValue = "stingray",
      description = "Nodes with the same name form one cluster")
  private String clusterName = "stingray";

  @ConfigProperty(defaultValue = "", description = "A readable node name (empty: generated)")
  private String nodeName = "";

  @ConfigProperty(
      defaultValue = "auto",
      description = "CPUs offered to tasks (auto: all processors)")
  private String numCpus = "auto";

  @ConfigProperty(defaultValue = "", description = "Custom resources, e.g. GPU=1,ssd=4")
  private String resources = "";

  @ConfigProperty(defaultValue = "268435456", description = "Off-heap object store bytes")
  private String objectStoreMemory = "268435456";

  @ConfigProperty(
      defaultValue = "0",
      description =
          "Most bytes of objects received from other nodes at once; more pulls wait (0: half the"
              + " object store)")
  private String maxPullBytesInFlight = "0";

  @ConfigProperty(
      defaultValue = "100000",
      description =
          "Most unfinished calls of an actor hosted here, from all callers; more fail with"
              + " PendingCallsLimitExceededException")
  private String maxQueuedActorCalls = "100000";

  @ConfigProperty(
      defaultValue = "",
      description = "Where objects spill above 80% of the store (empty: java.io.tmpdir)")
  private String spillDirectory = "";

  @ConfigProperty(defaultValue = "0", description = "gRPC port between nodes (0: ephemeral)")
  private String grpcPort = "0";

  @ConfigProperty(
      defaultValue = "0",
      description = "TCP port for large objects between nodes (0: ephemeral, -1: none, use gRPC)")
  private String objectPort = "0";

  @ConfigProperty(defaultValue = "127.0.0.1", description = "Address JGroups and gRPC bind")
  private String bindAddress = "127.0.0.1";

  @ConfigProperty(
      defaultValue = "",
      description = "JGroups XML file or resource (empty: built-in loopback TCP stack)")
  private String jgroupsConfig = "";

  @ConfigProperty(
      defaultValue = "",
      description = "Extra class patterns jobs may deserialize (com.acme.*, com.acme.**)")
  private String allowedClasses = "";

  @ConfigProperty(
      defaultValue = "false",
      description = "Deserialize only JDK value types and allowedClasses")
  private String strictClassFilter = "false";

  @ConfigProperty(
      defaultValue = "",
      description =
          "Secret every node of the cluster shares; calls between nodes without it are refused"
              + " (empty: a built-in one; set it, preferably by STINGRAY_CLUSTER_SECRET)")
  private String clusterSecret = "";

  @ConfigProperty(
      defaultValue = "",
      description =
          "PEM certificate chain of this node for mutual TLS between nodes: JGroups, gRPC and"
              + " the object port (with tlsKey and tlsTrust; empty: plain TCP)")
  private String tlsCertificate = "";

  @ConfigProperty(defaultValue = "", description = "PEM PKCS#8 private key of tlsCertificate")
  private String tlsKey = "";

  @ConfigProperty(
      defaultValue = "",
      description = "PEM certificates of the authorities that sign the nodes' certificates")
  private String tlsTrust = "";

  private transient volatile SharedNode node;

  @Override
  public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
    NodeConfig config;
    SharedNode n;
    try {
      config = AdapterConfig.fromEnvironment().nodeConfig(this);
      n = SharedNode.acquire(() -> startNode(config, ctx));
    } catch (ResourceAdapterInternalException e) {
      LOG.log(Level.SEVERE, e.getMessage());
      throw e;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "Stingray adapter cannot start its node: " + e, e);
      throw new ResourceAdapterInternalException("Stingray adapter cannot start its node: " + e, e);
    }
    node = n;
  }

  /**
   * Boots this server's node: the first activation of the adapter does (see {@link SharedNode}).
   */
  private static SharedNode startNode(NodeConfig config, BootstrapContext ctx) {
    // the threads the node and its libraries start now keep the adapter's loader and access
    // context, not those of whichever activation (perhaps an application's) came first
    return io.stingray.gcs.OwnClassLoader.call(() -> bootNode(config, ctx));
  }

  private static SharedNode bootNode(NodeConfig config, BootstrapContext ctx) {
    try {
      io.reactivex.rxjava3.schedulers.Schedulers.start(); // stopped with an earlier node, if any
    } catch (RuntimeException | LinkageError e) {
      LOG.warning("Stingray adapter cannot start RxJava schedulers: " + e);
    }
    Raylet r = Raylet.start(config, new WorkManagerExecutor(ctx.getWorkManager()));
    java.util.Timer timer = null;
    try {
      timer = ctx.createTimer();
    } catch (jakarta.resource.spi.UnavailableException | RuntimeException e) {
      LOG.warning(
          "Stingray adapter has no timer from the container: it will not report whether the"
              + " classes of undeployed applications are unloaded: "
              + e);
    }
    publishAdmin(r);
    LOG.info("Stingray node " + r.nodeId().hex() + " started in cluster " + config.clusterName());
    return new SharedNode(r, timer);
  }

  @Override
  public void stop() {
    // Payara's logging is gone when stop() runs on SIGTERM: report on stderr.
    SharedNode n = node;
    node = null;
    if (n != null) {
      SharedNode.release(n, StingrayResourceAdapter::closeNode);
    }
  }

  /** Closes the node when its last activation stops. */
  private static void closeNode(Raylet r) {
    unpublishAdmin(r);
    try {
      r.close();
    } catch (RuntimeException e) {
      System.err.println("Stingray adapter: error while stopping the node: " + e);
    }
    try {
      io.reactivex.rxjava3.schedulers.Schedulers.shutdown();
    } catch (RuntimeException | LinkageError e) {
      System.err.println("Stingray adapter: cannot stop RxJava schedulers: " + e);
    }
    System.err.println("Stingray adapter stopped");
  }

  /**
   * Binds the node's state and admin SPI where the console and the health checks look for it
   * ({@link ClusterAdmin#JNDI_NAME}). A server whose naming refuses the binding still runs the
   * node; only the console cannot see it, which is logged.
   */
  private static void publishAdmin(Raylet r) {
    try {
      new InitialContext().rebind(ClusterAdmin.JNDI_NAME, r.admin());
    } catch (NamingException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Stingray adapter cannot bind its admin SPI at "
              + ClusterAdmin.JNDI_NAME
              + " (the admin console and health checks will not find the node): "
              + e);
    }
  }

  /** Unbinds the admin SPI if the binding is still this node's (another adapter may own it). */
  private static void unpublishAdmin(Raylet r) {
    try {
      InitialContext ctx = new InitialContext();
      if (ctx.lookup(ClusterAdmin.JNDI_NAME) == r.admin()) {
        ctx.unbind(ClusterAdmin.JNDI_NAME);
      }
    } catch (NamingException | RuntimeException e) {
      System.err.println("Stingray adapter: cannot unbind " + ClusterAdmin.JNDI_NAME + ": " + e);
    }
  }

  /** The running node. */
  Raylet raylet() throws ResourceException {
    return running().raylet;
  }

  /** The node's connection counts. */
  ConnectionCounts counts() throws ResourceException {
    return running().counts;
  }

  private SharedNode running() throws ResourceException {
    SharedNode n = node;
    if (n == null) {
      throw new ResourceException("the Stingray adapter is not running");
    }
    return n;
  }

  /**
   * The job of an application, created on its first connection.
   *
   * @throws ResourceException if the node is not running, or the application's job already ended
   */
  Job jobFor(ClassLoader loader, String appName) throws ResourceException {
    SharedNode n = running();
    NodeConfig c = AdapterConfig.fromEnvironment().nodeConfig(this);
    try {
      return n.jobFor(
          loader,
          () -> {
            Job job =
                n.raylet.startJob(
                    appName, loader, appName, c.allowedClasses(), c.strictClassFilter());
            LOG.info("Stingray job " + job.id().hex() + " started for application " + appName);
            return job;
          });
    } catch (IllegalStateException ended) {
      throw new ResourceException(ended.getMessage() + ": " + appName, ended);
    }
  }

  /**
   * Ends an application's job on the server's node, whichever activation of the adapter made it;
   * its actors' ends (a bean's {@code @PreDestroy}) run here, outside any lock of the adapter.
   */
  static void endJob(Job job) {
    SharedNode n = SharedNode.current();
    if (n != null) {
      n.remove(job);
      n.raylet.endJob(job);
      LOG.info("Stingray job " + job.id().hex() + " ended");
    }
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    throw new jakarta.resource.NotSupportedException("Stingray has no inbound messaging");
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    // no inbound endpoints
  }

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  // ---- JavaBean properties (the container sets them)

  public String getClusterName() {
    return clusterName;
  }

  public void setClusterName(String v) {
    clusterName = v;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String v) {
    nodeName = v;
  }

  public String getNumCpus() {
    return numCpus;
  }

  public void setNumCpus(String v) {
    numCpus = v;
  }

  public String getResources() {
    return resources;
  }

  public void setResources(String v) {
    resources = v;
  }

  public String getObjectStoreMemory() {
    return objectStoreMemory;
  }

  public void setObjectStoreMemory(String v) {
    objectStoreMemory = v;
  }

  public String getMaxPullBytesInFlight() {
    return maxPullBytesInFlight;
  }

  public void setMaxPullBytesInFlight(String v) {
    maxPullBytesInFlight = v;
  }

  public String getMaxQueuedActorCalls() {
    return maxQueuedActorCalls;
  }

  public void setMaxQueuedActorCalls(String v) {
    maxQueuedActorCalls = v;
  }

  public String getSpillDirectory() {
    return spillDirectory;
  }

  public void setSpillDirectory(String v) {
    spillDirectory = v;
  }

  public String getGrpcPort() {
    return grpcPort;
  }

  public void setGrpcPort(String v) {
    grpcPort = v;
  }

  public String getObjectPort() {
    return objectPort;
  }

  public void setObjectPort(String v) {
    objectPort = v;
  }

  public String getBindAddress() {
    return bindAddress;
  }

  public void setBindAddress(String v) {
    bindAddress = v;
  }

  public String getJgroupsConfig() {
    return jgroupsConfig;
  }

  public void setJgroupsConfig(String v) {
    jgroupsConfig = v;
  }

  public String getAllowedClasses() {
    return allowedClasses;
  }

  public void setAllowedClasses(String v) {
    allowedClasses = v;
  }

  public String getTlsCertificate() {
    return tlsCertificate;
  }

  public void setTlsCertificate(String v) {
    this.tlsCertificate = v;
  }

  public String getTlsKey() {
    return tlsKey;
  }

  public void setTlsKey(String v) {
    this.tlsKey = v;
  }

  public String getTlsTrust() {
    return tlsTrust;
  }

  public void setTlsTrust(String v) {
    this.tlsTrust = v;
  }

  public String getClusterSecret() {
    return clusterSecret;
  }

  public void setClusterSecret(String v) {
    this.clusterSecret = v;
  }

  public String getStrictClassFilter() {
    return strictClassFilter;
  }

  public void setStrictClassFilter(String v) {
    strictClassFilter = v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StingrayResourceAdapter r
        && Objects.equals(clusterName, r.clusterName)
        && Objects.equals(nodeName, r.nodeName)
        && Objects.equals(numCpus, r.numCpus)
        && Objects.equals(resources, r.resources)
        && Objects.equals(objectStoreMemory, r.objectStoreMemory)
        && Objects.equals(maxPullBytesInFlight, r.maxPullBytesInFlight)
        && Objects.equals(maxQueuedActorCalls, r.maxQueuedActorCalls)
        && Objects.equals(spillDirectory, r.spillDirectory)
        && Objects.equals(grpcPort, r.grpcPort)
        && Objects.equals(objectPort, r.objectPort)
        && Objects.equals(bindAddress, r.bindAddress)
        && Objects.equals(jgroupsConfig, r.jgroupsConfig)
        && Objects.equals(allowedClasses, r.allowedClasses)
        && Objects.equals(strictClassFilter, r.strictClassFilter)
        && Objects.equals(clusterSecret, r.clusterSecret)
        && Objects.equals(tlsCertificate, r.tlsCertificate)
        && Objects.equals(tlsKey, r.tlsKey)
        && Objects.equals(tlsTrust, r.tlsTrust);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        clusterName,
        nodeName,
        numCpus,
        resources,
        objectStoreMemory,
        maxPullBytesInFlight,
        maxQueuedActorCalls,
        spillDirectory,
        grpcPort,
        objectPort,
        bindAddress,
        jgroupsConfig,
        allowedClasses,
        strictClassFilter);
  }
}
