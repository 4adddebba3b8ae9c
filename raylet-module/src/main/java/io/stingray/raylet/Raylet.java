package io.stingray.raylet;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.gcs.GcsConfig;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.JobRecord;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.actor.ActorManager;
import io.stingray.raylet.admin.ClusterTasks;
import io.stingray.raylet.admin.NodeAdmin;
import io.stingray.raylet.cluster.Borrowers;
import io.stingray.raylet.cluster.ClusterView;
import io.stingray.raylet.cluster.Loans;
import io.stingray.raylet.cluster.Membership;
import io.stingray.raylet.cluster.ObjectFetcher;
import io.stingray.raylet.cluster.ObjectLocations;
import io.stingray.raylet.cluster.Placement;
import io.stingray.raylet.cluster.RemoteBundles;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.inbound.WorkReceiver;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.rpc.BulkServer;
import io.stingray.raylet.rpc.ClusterAuth;
import io.stingray.raylet.rpc.NodeTls;
import io.stingray.raylet.rpc.PeerServer;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.runtime.NodeServices;
import io.stingray.raylet.runtime.RayContextImpl;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.serialization.ClassFilter;
import io.stingray.raylet.serialization.ObjectSerializer;
import io.stingray.raylet.task.TaskExecutor;
import io.stingray.raylet.task.TaskResults;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's runtime, whoever boots it ({@link RayNode} in plain Java, the resource adapter in a
 * server): joins the GCS, owns the object store, the scheduler, tasks, actors and placement groups,
 * and runs jobs. Worker threads come from the executor it is given, so inside a server they are the
 * container's.
 *
 * <p>Thread-safe. {@link #close()} kills the node's actors, ends its jobs, leaves the cluster and
 * frees the store; tasks still waiting fail.
 *
 * <p>Over 400 lines because it is the one place a node is wired (every part made by constructor, in
 * layer order), started, released on a failed start, beaten (the heartbeat's steps) and told of
 * node loss; each of those parts is a class of its own.
 */
public final class Raylet implements NodeServices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Raylet.class);

  private final NodeConfig config;
  private final NodeId nodeId;
  private final String nodeName;
  private final GlobalControlStore gcs;
  private final ObjectStore store;
  private final ObjectTable table;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final PlacementGroups placementGroups;
  private final TaskSubmitter tasks;
  private final ActorManager actors;
  private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
  private final ClusterView view;
  private final Membership membership;
  private final SerialRunner membershipEvents;
  // the last heartbeat's write of this node's row: a leaving node waits for it before it writes
  // its row dead, so that the others read "left on purpose", not "apart" (see Membership)
  private volatile java.util.concurrent.CompletionStage<?> lastRow =
      java.util.concurrent.CompletableFuture.completedFuture(null);
  private final Peers peers;
  private final ObjectFetcher fetcher;
  private final WorkSender sender;
  private final ClusterTasks clusterTasks;
  private final NodeAdmin admin;
  private final Borrowers borrowers;
  private final Loans loans;
  private final WorkReceiver receiver;
  private final PeerServer server;
  private final BulkServer bulk; // null: objectPort -1
  private final ObjectLocations locations;
  private final ClassLoader defaultLoader;
  private volatile boolean closed;
  private final Object closeLock = new Object();
  private static final Set<Raylet> RUNNING = ConcurrentHashMap.newKeySet();
  private static final String DEFAULT_SECRET = "stingray-default-cluster-secret";

  private Raylet(NodeConfig config, Executor executor) {
    this.config = config;
    this.nodeId = NodeId.random();
    this.nodeName =
        config.nodeName() != null ? config.nodeName() : "node-" + nodeId.hex().substring(0, 8);
    long prefix = nodeId.high(); // ids made here name this node as their owner
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    this.defaultLoader = tccl != null ? tccl : Raylet.class.getClassLoader();
    NodeTls tls = // read first: a bad file stops the node before it holds anything
        config.tls() == null
            ? null
            : new NodeTls(config.tls().certificate(), config.tls().key(), config.tls().trust());
    // what is made is released, newest first, if a later step fails: a node that cannot start
    // leaves no off-heap store, GCS membership, gRPC server, object port or thread behind
    java.util.ArrayDeque<AutoCloseable> made = new java.util.ArrayDeque<>();
    boolean started = false;
    try {
      // made bottom up, each part given what it needs: the order is the packages' layering
      this.store = new ObjectStore(config.objectStoreMemory(), 0.8, config.spillDirectory());
      made.push(store);
      this.gcs =
          GlobalControlStore.join(
              new GcsConfig(
                  config.clusterName(),
                  nodeId.hex(),
                  config.jgroupsConfig(),
                  config.bindAddress(),
                  secret(config),
                  config.tls() == null
                      ? null
                      : new GcsConfig.Tls(
                          config.tls().certificate(), config.tls().key(), config.tls().trust())));
      made.push(gcs);
      GlobalControlStore registry = gcs;
      ClusterAuth auth =
          new ClusterAuth(
              config.clusterName(),
              secret(config),
              nodeId.hex(),
              config.tls() == null
                  ? null
                  : new io.stingray.raylet.rpc.PeerIdentity(id -> registeredAddress(registry, id)));
      this.view = new ClusterView(gcs.nodes(), nodeId);
      this.membership = new Membership(nodeId.hex(), gcs.members());
      this.membershipEvents = new SerialRunner(executor);
      this.peers =
          new Peers(
              auth,
              executor,
              view::address,
              tls,
              new io.stingray.raylet.rpc.PullBudget(config.maxPullBytesInFlight()));
      made.push(peers);
      this.borrowers = new Borrowers(view, peers);
      this.locations = new ObjectLocations(gcs.objectDirectory(), view);
      this.fetcher =
          new ObjectFetcher(
              view, peers, store, config.maxInlineObjectBytes(), borrowers, locations, executor);
      this.table = new ObjectTable(store, prefix, fetcher);
      made.push(table::close); // ends the reaper
      this.loans = new Loans(table);
      this.codec = new ValueCodec(table, store, config.maxInlineObjectBytes());
      Map<String, Double> resources = new HashMap<>();
      resources.put("CPU", (double) config.numCpus());
      resources.putAll(config.resources());
      this.scheduler = new LocalScheduler(resources, executor);
      this.placementGroups =
          new PlacementGroups(
              scheduler, nodeId, new RemoteBundles(view, peers, membership), gcs.placementGroups());
      Placement placement = new Placement(view, scheduler, peers::inFlight);
      this.sender = new WorkSender(nodeId, peers, fetcher, executor);
      TaskResults results = new TaskResults(table);
      this.tasks =
          new TaskSubmitter(
              nodeId,
              table,
              codec,
              scheduler,
              placementGroups,
              prefix,
              placement,
              sender,
              new TaskExecutor(nodeId, codec, scheduler, results),
              results,
              membership);
      this.actors =
          new ActorManager(
              nodeId,
              gcs,
              table,
              codec,
              scheduler,
              tasks,
              executor,
              placement,
              sender,
              peers,
              membership,
              view,
              config.maxQueuedActorCalls());
      made.push(actors::shutdown);
      this.clusterTasks = new ClusterTasks(nodeId, tasks, actors, store, scheduler, view, peers);
      this.admin =
          new NodeAdmin(
              nodeId,
              gcs,
              clusterTasks,
              tasks.events(),
              actors,
              store,
              table,
              placementGroups,
              new NodeAdmin.Node() {
                @Override
                public boolean running() {
                  return !closed;
                }

                @Override
                public String fenced() {
                  return membership.fenced();
                }

                @Override
                public Map<String, Number> traffic() {
                  return Raylet.this.traffic().asMap();
                }

                @Override
                public Map<String, Double> clusterResources() {
                  return Raylet.this.clusterResources();
                }

                @Override
                public Map<String, Double> availableResources() {
                  return Raylet.this.availableResources();
                }
              });
      this.receiver =
          new WorkReceiver(
              nodeId,
              this::jobNamed,
              tasks,
              actors,
              table,
              store,
              scheduler,
              new ObjectSerializer(
                  Raylet.class.getClassLoader(), ClassFilter.of(List.of(), false), Map.of()),
              borrowers,
              loans,
              placementGroups);
      made.push(receiver::stop);
      this.bulk =
          config.objectPort() >= 0
              ? new BulkServer(config.bindAddress(), config.objectPort(), executor, tls)
              : null;
      if (bulk != null) {
        made.push(bulk);
      }
      this.server =
          new PeerServer(
              config.bindAddress(), config.grpcPort(), auth, receiver, executor, bulk, tls);
      made.push(server);
      store.reportTo(locations);
      gcs.nodes().put(record(true));
      made.push(() -> gcs.nodes().put(record(false)));
      made.push(() -> locations.forget(nodeId));
      // one at a time, in the order the views came: a late "left" must not undo a "back"
      gcs.onMembersLeft(left -> membershipEvents.execute(() -> membersLeft(left)));
      gcs.onMembersJoined(joined -> membershipEvents.execute(() -> membersJoined(joined)));
      // views that came between the join and now were not heard: start from the view now
      membership.viewChanged(gcs.members(), List.of());
      executor.execute(table::runReaper);
      made.push(this::stopHeartbeat);
      executor.execute(this::heartbeatLoop);
      started = true;
    } finally {
      if (!started) {
        release(made);
      }
    }
    if (tls != null) {
      LOG.info(
          "connections between nodes (JGroups, gRPC, object port) use mutual TLS"
              + " (certificate {}, trust {})",
          config.tls().certificate(),
          config.tls().trust());
    }
    if (config.clusterSecret() == null) { // only on loopback: NodeConfig refuses it elsewhere
      LOG.warn(
          "no cluster secret set: nodes of cluster '{}' authenticate with the built-in one,"
              + " which anyone with Stingray's source knows (allowed on loopback only)",
          config.clusterName());
    }
    RUNNING.add(this);
    LOG.info(
        "node {} ({}) joined cluster '{}' with {}",
        nodeName,
        nodeId.hex(),
        config.clusterName(),
        scheduler.total());
  }

  /** Releases, newest first, what a node that could not start had made. */
  private void release(java.util.ArrayDeque<AutoCloseable> made) {
    LOG.error("node {} could not start; releasing what it held", nodeName);
    while (!made.isEmpty()) {
      try {
        made.pop().close();
      } catch (Exception e) {
        LOG.warn("while releasing node {}: {}", nodeName, e.toString());
      }
    }
  }

  /** Ends the heartbeat loop (and anything else waiting on the close lock). */
  private void stopHeartbeat() {
    synchronized (closeLock) {
      closed = true;
      closeLock.notifyAll();
    }
  }

  private static String secret(NodeConfig config) {
    return config.clusterSecret() != null ? config.clusterSecret() : DEFAULT_SECRET;
  }

  /**
   * The nodes running in this JVM (one inside an application server), for the console's state
   * endpoints and metrics. A snapshot; thread-safe.
   */
  public static List<Raylet> running() {
    return List.copyOf(RUNNING);
  }

  /**
   * Starts a node.
   *
   * @param executor supplies every thread the node runs (three stay busy for its lifetime: the
   *     reference reaper, the heartbeat and the object port's accept loop)
   * @throws io.stingray.gcs.GcsException if the cluster cannot be joined
   */
  public static Raylet start(NodeConfig config, Executor executor) {
    return new Raylet(config, executor);
  }

  /**
   * Registers a job (a driver or an application) and returns it with its context.
   *
   * @param namespace its default namespace, or null for one of its own
   */
  public Job startJob(
      String name, ClassLoader loader, String namespace, List<String> allowed, boolean strict) {
    JobId id = JobId.random();
    String ns = namespace != null ? namespace : "job-" + id.hex();
    Job job = new Job(id, name, ns, loader);
    ObjectSerializer serializer =
        new ObjectSerializer(
            loader, ClassFilter.of(allowed, strict), RuntimeSerializers.forJob(this, job));
    RayContextImpl context = new RayContextImpl(this, job);
    job.bind(serializer, context, context.getter());
    jobs.put(id, job);
    gcs.jobs().put(new JobRecord(id, name, ns, nodeId, System.currentTimeMillis(), 0));
    gcs.nodes().put(record(true));
    return job;
  }

  /**
   * The job of a name on this node, for work another node sent; made on first use (with this node's
   * class loader and the sender's namespace) if this node runs any job, else null.
   */
  private Job jobNamed(String name, String namespace) {
    for (Job j : jobs.values()) {
      if (j.name().equals(name)) {
        return j;
      }
    }
    if (!config.runsAnyJob() || closed) {
      return null;
    }
    synchronized (jobs) {
      for (Job j : jobs.values()) {
        if (j.name().equals(name)) {
          return j;
        }
      }
      LOG.info("running work of job '{}' (namespace '{}') sent by another node", name, namespace);
      return startJob(
          name, defaultLoader, namespace, config.allowedClasses(), config.strictClassFilter());
    }
  }

  /** Ends a job: its non-detached actors die and the job table says it ended. */
  public void endJob(Job job) {
    actors.endJob(job.id());
    jobs.remove(job.id());
    receiver.jobEnded(job);
    try {
      gcs.jobs().end(job.id());
      gcs.nodes().put(record(true));
    } catch (RuntimeException e) {
      LOG.warn("cannot record the end of job {}: {}", job.id().hex(), e.toString());
    }
  }

  private NodeRecord record(boolean alive) {
    Map<String, String> labels = new HashMap<>();
    labels.put("store.capacity", String.valueOf(store.capacity()));
    labels.put(
        ClusterView.JOBS_LABEL,
        String.join(",", jobs.values().stream().map(Job::name).sorted().distinct().toList()));
    labels.put(ClusterView.ANY_JOB_LABEL, String.valueOf(config.runsAnyJob()));
    if (!alive) {
      labels.put(ClusterView.LEFT_LABEL, "true"); // only this node writes its own row dead
    }
    return new NodeRecord(
        nodeId,
        nodeName,
        config.bindAddress() + ":" + (server == null ? config.grpcPort() : server.port()),
        alive,
        scheduler.total(),
        scheduler.available(),
        labels,
        Set.copyOf(jobs.keySet()),
        System.currentTimeMillis());
  }

  private void heartbeatLoop() {
    while (!closed) {
      try {
        synchronized (closeLock) {
          closeLock.wait(1000);
        }
        if (!closed) {
          // each step on its own: one that fails must not hold back the others (pull deadlines)
          beat("the node row", () -> lastRow = gcs.nodes().putAsync(record(true)));
          beat("pull deadlines", peers::checkPulls);
          beat("placement groups", placementGroups::retryPending);
          beat("releases", borrowers::retryUnacknowledged);
          beat("frees", fetcher::retryUnacknowledged);
          beat("results no sender claimed", receiver::dropUnclaimed);
          beat("calls to relocated actors", actors::checkRelocations);
          beat("actors lost while apart", actors::restartLostWhileApart);
          beat("actors taken over while apart", actors::dropSuperseded);
          beat("lost nodes back in the view", () -> view.rejoinMembers(gcs::members));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("heartbeat failed: {}", e.toString());
        }
      }
    }
  }

  private void lost(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.error("after a node was lost, {} failed to catch up: {}", what, e.toString(), e);
    }
  }

  private void beat(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("heartbeat: {} failed: {}", what, e.toString());
      }
    }
  }

  /**
   * Members joined the view, or came back when a partition healed: a node lost before is used
   * again, this node's row is written again at once (the other side may have marked it dead), the
   * fence is lifted if this node is back in a majority (actors hosted here that the other side
   * restarted elsewhere are stopped by the heartbeat: {@code ActorManager.dropSuperseded}).
   */
  private void membersJoined(List<String> joined) {
    if (closed) {
      return;
    }
    membership.viewChanged(gcs.members(), List.of());
    for (String member : joined) {
      try {
        NodeId node = NodeId.fromHex(member);
        if (!node.equals(nodeId)) {
          view.rejoined(node);
        }
      } catch (RuntimeException e) {
        LOG.debug("member {} is not a node id: {}", member, e.toString());
      }
    }
    try {
      gcs.nodes().put(record(true));
    } catch (RuntimeException e) {
      LOG.warn("cannot write this node's row after members joined: {}", e.toString());
    }
  }

  /** The address node {@code id} (hex) registered, or null if there is no such node. */
  private static String registeredAddress(GlobalControlStore gcs, String id) {
    try {
      return gcs.nodes()
          .get(NodeId.fromHex(id))
          .map(io.stingray.gcs.NodeRecord::address)
          .orElse(null);
    } catch (RuntimeException e) { // not a node id (a client's token)
      return null;
    }
  }

  /** Why this node is fenced (on the minority side of a partition), or null. */
  public String fenced() {
    return membership.fenced();
  }

  /**
   * Members left the JGroups view (a graceful leave or a crash): each is marked dead, work sent to
   * it is resubmitted or failed, actors this node owned there restart elsewhere, and what this node
   * kept for it is dropped.
   */
  private void membersLeft(List<String> left) {
    List<String> graceful = new java.util.ArrayList<>();
    for (String member : left) { // a node that left on purpose said so in its row first
      try {
        NodeId n = NodeId.fromHex(member);
        if (gcs.nodes()
            .get(n)
            .map(r -> !r.alive() && "true".equals(r.labels().get(ClusterView.LEFT_LABEL)))
            .orElse(false)) {
          graceful.add(member);
        }
      } catch (RuntimeException e) {
        LOG.debug("member {}: {}", member, e.toString());
      }
    }
    membership.viewChanged(gcs.members(), graceful);
    List<NodeId> nodes = new java.util.ArrayList<>();
    for (String member : left) {
      try {
        NodeId node = NodeId.fromHex(member);
        if (!node.equals(nodeId) && !closed) {
          nodes.add(node);
        }
      } catch (RuntimeException e) {
        LOG.debug("member {} is not a node id: {}", member, e.toString());
      }
    }
    // In three passes, so that no lost node waits behind another's slower steps (the chaos
    // harness measured seconds of calls still sent to a lost node while the GCS writes of the
    // node lost with it ran): first every lost node is marked and its connections fail ...
    for (NodeId node : nodes) {
      LOG.info("node {} left the cluster", node.hex());
      view.markLost(node);
      lost("peers", () -> peers.lost(node, "node " + node.hex() + " left the cluster"));
    }
    // ... then the work that depended on them is retried, restarted or failed (each part on its
    // own: one that fails must not keep the others from hearing of the loss) ...
    for (NodeId node : nodes) {
      lost("actors", () -> actors.nodeLost(node));
      lost("received work", () -> receiver.nodeLost(node));
      lost("pulls", () -> fetcher.nodeLost(node));
      lost("borrowing", () -> borrowers.nodeLost(node));
      lost("loans", () -> loans.nodeLost(node));
    }
    // ... and last the GCS rows are brought up to date
    for (NodeId node : nodes) {
      try {
        gcs.nodes().markDead(node);
      } catch (RuntimeException e) {
        LOG.debug("cannot mark node {} dead: {}", node.hex(), e.toString());
      }
      lost("object locations", () -> locations.nodeLost(node));
      lost("placement groups", () -> placementGroups.nodeLost(node));
    }
  }

  @Override
  public NodeId nodeId() {
    return nodeId;
  }

  @Override
  public ObjectTable table() {
    return table;
  }

  @Override
  public ValueCodec codec() {
    return codec;
  }

  @Override
  public LocalScheduler scheduler() {
    return scheduler;
  }

  @Override
  public TaskSubmitter tasks() {
    return tasks;
  }

  @Override
  public ActorManager actors() {
    return actors;
  }

  @Override
  public PlacementGroups placementGroups() {
    return placementGroups;
  }

  /** The object store (for metrics and tests). */
  public ObjectStore store() {
    return store;
  }

  /** Borrowing of other nodes' objects this node has announced to their owners. */
  public Borrowers borrowers() {
    return borrowers;
  }

  /** Objects this node keeps for borrowers on other nodes. */
  public Loans loans() {
    return loans;
  }

  /** The GCS connection. */
  public GlobalControlStore gcs() {
    return gcs;
  }

  @Override
  public List<NodeInfo> nodeInfos() {
    List<NodeInfo> out = new ArrayList<>();
    for (NodeRecord r : gcs.nodes().all()) {
      boolean self = r.id().equals(nodeId);
      out.add(
          new NodeInfo(
              r.id(),
              r.address(),
              r.alive(),
              self ? scheduler.total() : r.totalResources(),
              self ? scheduler.available() : r.availableResources(),
              Map.of("name", r.name())));
    }
    return out;
  }

  /**
   * Counters of this node's traffic with the others since it started: objects and bytes pulled,
   * pulls under way now, work spilled back to it, pulls of other nodes it answered, objects it sent
   * whole over its object port, and objects whose bytes failed their checksum here (pulled damaged,
   * or back damaged from the spill file: never handed out). Thread-safe; never blocks.
   */
  public Traffic traffic() {
    return new Traffic(
        fetcher.pulls(),
        fetcher.pulledBytes(),
        fetcher.pullsInFlight(),
        sender.spillbacks(),
        receiver.pullsServed(),
        bulk == null ? 0 : bulk.served(),
        fetcher.checksumFailures() + store.checksumFailures());
  }

  /**
   * This node's state and admin SPI: what the console, the health checks and the resource adapter's
   * JNDI binding use.
   */
  public NodeAdmin admin() {
    return admin;
  }

  /** The tasks of every node, for the console; see {@link ClusterTasks}. */
  public ClusterTasks clusterTasks() {
    return clusterTasks;
  }

  /** See {@link #traffic()}. */
  public record Traffic(
      long pulls,
      long pulledBytes,
      int pullsInFlight,
      long spillbacks,
      long pullsServed,
      long objectPortSends,
      long checksumFailures) {
    /** The counters by name, as the admin summary's {@code traffic}. */
    public Map<String, Number> asMap() {
      return Map.of(
          "pulls", pulls,
          "pulledBytes", pulledBytes,
          "pullsInFlight", pullsInFlight,
          "spillbacks", spillbacks,
          "pullsServed", pullsServed,
          "objectPortSends", objectPortSends,
          "checksumFailures", checksumFailures);
    }
  }

  @Override
  public Map<String, Double> clusterResources() {
    return sum(true);
  }

  @Override
  public Map<String, Double> availableResources() {
    return sum(false);
  }

  private Map<String, Double> sum(boolean total) {
    Map<String, Double> m = new HashMap<>(total ? scheduler.total() : scheduler.available());
    for (NodeRecord r : gcs.nodes().all()) {
      if (r.alive() && !r.id().equals(nodeId)) {
        (total ? r.totalResources() : r.availableResources())
            .forEach((k, v) -> m.merge(k, v, Double::sum));
      }
    }
    return m;
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      closeLock.notifyAll();
    }
    RUNNING.remove(this);
    receiver.stop();
    actors.shutdown();
    for (Job j : List.copyOf(jobs.values())) {
      endJob(j);
    }
    server.close();
    if (bulk != null) {
      bulk.close();
    }
    peers.close();
    store.reportTo(ObjectStore.Locations.NONE);
    locations.forget(nodeId);
    try {
      lastRow.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("the last heartbeat's row write did not finish: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      gcs.nodes().put(record(false));
    } catch (RuntimeException e) {
      LOG.debug("cannot mark node dead on leave: {}", e.toString());
    }
    gcs.close();
    table.close();
    store.close();
    LOG.info("node {} stopped", nodeName);
  }
}
