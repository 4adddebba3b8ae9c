package io.stingray.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The GCS on an embedded, clustered Infinispan cache manager with replicated caches. */
final class InfinispanGcs implements GlobalControlStore {
  private static final Logger LOG = LoggerFactory.getLogger(InfinispanGcs.class);
  private static final String BUILT_IN_STACK = "stingray-jgroups-tcp.xml";

  private final DefaultCacheManager manager;
  private final NodeTable nodes;
  private final JobTable jobs;
  private final ActorTable actors;
  private final ObjectDirectory objectDirectory;
  private final PlacementGroupTable placementGroups;
  private final List<Consumer<List<String>>> leftListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<String>>> joinedListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private InfinispanGcs(DefaultCacheManager manager) {
    this.manager = manager;
    this.nodes = new NodeTable(map("stingray-nodes"));
    this.jobs = new JobTable(map("stingray-jobs"));
    this.actors = new ActorTable(map("stingray-actors"), map("stingray-actor-names"));
    this.objectDirectory = new ObjectDirectory(map("stingray-object-directory"));
    this.placementGroups =
        new PlacementGroupTable(
            map("stingray-placement-groups"), map("stingray-placement-group-names"));
    manager.addListener(new ViewListener());
  }

  static InfinispanGcs start(GcsConfig config) {
    try (JGroupsTls tls = config.tls() == null ? null : JGroupsTls.prepare(config.tls())) {
      return start(config, tls); // the channel holds its TLS context once started
    }
  }

  private static InfinispanGcs start(GcsConfig config, JGroupsTls tls) {
    GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
    global.cacheManagerName("stingray-" + config.memberName());
    global.jmx().enabled(false);
    global
        .transport()
        .clusterName("stingray-" + config.clusterName())
        .nodeName(config.memberName())
        .addProperty("configurationString", jgroupsXml(config, tls));
    global.serialization().allowList().addRegexp("^$"); // byte[] and String only: allow no class
    ConfigurationBuilder replicated = new ConfigurationBuilder();
    replicated.clustering().cacheMode(CacheMode.REPL_SYNC).remoteTimeout(15_000);
    // after a partition heals, a key written differently on both sides takes the value of the
    // larger side (actor and node rows excepted: ActorRowMerge, NodeRowMerge) (Infinispan's
    // preferred partition; on a tie,
    // the one with the higher topology
    // id, which need not be the raylet's tie-breaker): the side whose nodes kept acting (see the
    // raylet's Membership) wins every conflict; a key only one side has is kept (rows made on the
    // minority side survive); rows each node rewrites itself (its node row, every heartbeat) are
    // right again within a second either way
    replicated
        .clustering()
        .partitionHandling()
        .whenSplit(org.infinispan.partitionhandling.PartitionHandling.ALLOW_READ_WRITES)
        .mergePolicy(org.infinispan.conflict.MergePolicy.PREFERRED_NON_NULL);
    replicated.statistics().enabled(false);
    DefaultCacheManager manager = null;
    try {
      manager = new DefaultCacheManager(global.build(), false);
      for (String name :
          List.of(
              "stingray-jobs",
              "stingray-actor-names",
              "stingray-object-directory",
              "stingray-placement-groups",
              "stingray-placement-group-names")) {
        manager.defineConfiguration(name, replicated.build());
      }
      // actor and node rows merge by what they say, not by side (ActorRowMerge, NodeRowMerge)
      ConfigurationBuilder actors = new ConfigurationBuilder().read(replicated.build());
      actors.clustering().partitionHandling().mergePolicy(new ActorRowMerge());
      manager.defineConfiguration("stingray-actors", actors.build());
      ConfigurationBuilder nodes = new ConfigurationBuilder().read(replicated.build());
      nodes.clustering().partitionHandling().mergePolicy(new NodeRowMerge());
      manager.defineConfiguration("stingray-nodes", nodes.build());
      manager.start();
      InfinispanGcs gcs = new InfinispanGcs(manager);
      LOG.info(
          "joined GCS cluster '{}' as {} ({} members)",
          config.clusterName(),
          config.memberName(),
          gcs.members().size());
      return gcs;
    } catch (RuntimeException e) {
      if (manager != null) {
        manager.stop();
      }
      String why =
          rootMessage(e).startsWith("SecurityException")
              ? "its members refused this node: "
                  + rootMessage(e)
                  + " (the cluster secret differs from theirs)"
              : rootMessage(e);
      throw new GcsException(
          "cannot join the GCS cluster '" + config.clusterName() + "': " + why, e);
    }
  }

  private static String jgroupsXml(GcsConfig config, JGroupsTls tls) {
    String source = config.jgroupsConfig() == null ? BUILT_IN_STACK : config.jgroupsConfig();
    try {
      String xml;
      Path file = Path.of(source);
      if (Files.isRegularFile(file)) {
        xml = Files.readString(file);
      } else {
        try (InputStream in = InfinispanGcs.class.getClassLoader().getResourceAsStream(source)) {
          if (in == null) {
            throw new GcsException(
                "JGroups configuration '" + source + "' is neither a file nor a resource", null);
          }
          xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      String bind = config.bindAddress() == null ? "127.0.0.1" : config.bindAddress();
      return xml.replace("@DISCOVERY@", Discovery.element(Discovery::setting))
          .replace("@TLS@", tls == null ? "" : tls.attributes())
          .replace("@BIND@", bind)
          // the AUTH element also names this start's TLS context (StingrayAuth hands it to TCP)
          .replace(
              "@AUTH@",
              ClusterToken.of(config.clusterName(), config.secret())
                  + (tls == null ? "" : "\" tls_context=\"" + tls.id()));
    } catch (IOException e) {
      throw new GcsException("cannot read JGroups configuration '" + source + "'", e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private ReplicatedMap map(String name) {
    Cache<String, byte[]> cache = manager.getCache(name);
    return new InfinispanMap(cache);
  }

  @Override
  public NodeTable nodes() {
    checkOpen();
    return nodes;
  }

  @Override
  public JobTable jobs() {
    checkOpen();
    return jobs;
  }

  @Override
  public ActorTable actors() {
    checkOpen();
    return actors;
  }

  @Override
  public ObjectDirectory objectDirectory() {
    checkOpen();
    return objectDirectory;
  }

  @Override
  public PlacementGroupTable placementGroups() {
    checkOpen();
    return placementGroups;
  }

  @Override
  public String localMember() {
    return String.valueOf(manager.getAddress());
  }

  @Override
  public List<String> members() {
    List<Address> m = manager.getMembers();
    return m == null ? List.of() : m.stream().map(String::valueOf).toList();
  }

  @Override
  public void onMembersLeft(Consumer<List<String>> listener) {
    leftListeners.add(listener);
  }

  @Override
  public void onMembersJoined(Consumer<List<String>> listener) {
    joinedListeners.add(listener);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the GCS connection is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    manager.stop();
  }

  /**
   * Turns JGroups view changes into "members left" callbacks, off the thread that installs the view
   * (a listener that writes to the caches there would block the view change).
   */
  @Listener(sync = false)
  public final class ViewListener {
    @ViewChanged
    public void viewChanged(ViewChangedEvent event) {
      changed(event);
    }

    /** A partition healed: Infinispan reports merges apart from other view changes. */
    @org.infinispan.notifications.cachemanagerlistener.annotation.Merged
    public void merged(org.infinispan.notifications.cachemanagerlistener.event.MergeEvent event) {
      changed(event);
    }

    private void changed(ViewChangedEvent event) {
      List<String> left =
          event.getOldMembers().stream()
              .filter(a -> !event.getNewMembers().contains(a))
              .map(String::valueOf)
              .toList();
      List<String> joined =
          event.getNewMembers().stream()
              .filter(a -> !event.getOldMembers().contains(a))
              .map(String::valueOf)
              .toList();
      if (!left.isEmpty()) {
        LOG.info("GCS members left: {}", left);
        tell(leftListeners, left);
      }
      if (!joined.isEmpty()) {
        LOG.info(
            "GCS members {}: {}",
            event.isMergeView() ? "are back after a partition (merge)" : "joined",
            joined);
        tell(joinedListeners, joined);
      }
    }

    private void tell(List<Consumer<List<String>>> listeners, List<String> members) {
      for (Consumer<List<String>> l : listeners) {
        try {
          l.accept(members);
        } catch (RuntimeException e) {
          LOG.warn("membership listener failed", e);
        }
      }
    }
  }
}
