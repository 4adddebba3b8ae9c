package io.stingray.raylet;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.gcs.GcsConfig;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.JobRecord;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.actor.ActorManager;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.NodeServices;
import io.stingray.raylet.context.RayContextImpl;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.serialization.ClassFilter;
import io.stingray.raylet.serialization.ObjectSerializer;
import io.stingray.raylet.task.TaskManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
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
  private final TaskManager tasks;
  private final ActorManager actors;
  private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final Object closeLock = new Object();
  private static final Set<Raylet> RUNNING = ConcurrentHashMap.newKeySet();

  private Raylet(NodeConfig config, Executor executor) {
    this.config = config;
    this.nodeId = NodeId.random();
    this.nodeName =
        config.nodeName() != null ? config.nodeName() : "node-" + nodeId.hex().substring(0, 8);
    long prefix = ThreadLocalRandom.current().nextLong();
    this.store = new ObjectStore(config.objectStoreMemory(), 0.8, config.spillDirectory());
    this.table = new ObjectTable(store, prefix);
    this.codec = new ValueCodec(table, store, config.maxInlineObjectBytes());
    Map<String, Double> resources = new HashMap<>();
    resources.put("CPU", (double) config.numCpus());
    resources.putAll(config.resources());
    this.scheduler = new LocalScheduler(resources, executor);
    this.placementGroups = new PlacementGroups(scheduler);
    this.tasks = new TaskManager(nodeId, table, codec, scheduler, placementGroups, prefix);
    GlobalControlStore joined;
    try {
      joined =
          GlobalControlStore.join(
              new GcsConfig(
                  config.clusterName(),
                  nodeId.hex(),
                  config.jgroupsConfig(),
                  config.bindAddress()));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    this.gcs = joined;
    this.actors = new ActorManager(nodeId, gcs, table, codec, scheduler, tasks, executor);
    gcs.nodes().put(record(true));
    gcs.onMembersLeft(this::membersLeft);
    executor.execute(table::runReaper);
    executor.execute(this::heartbeatLoop);
    RUNNING.add(this);
    LOG.info(
        "node {} ({}) joined cluster '{}' with {}",
        nodeName,
        nodeId.hex(),
        config.clusterName(),
        scheduler.total());
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
   * @param executor supplies every thread the node runs (two stay busy for its lifetime: the
   *     reference reaper and the heartbeat)
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
    Job job = new Job(id, ns, loader);
    ObjectSerializer serializer =
        new ObjectSerializer(
            loader, ClassFilter.of(allowed, strict), RuntimeSerializers.forJob(this, job));
    job.bind(serializer, new RayContextImpl(this, job));
    jobs.put(id, job);
    gcs.jobs().put(new JobRecord(id, name, ns, nodeId, System.currentTimeMillis(), 0));
    gcs.nodes().put(record(true));
    return job;
  }

  /** Ends a job: its non-detached actors die and the job table says it ended. */
  public void endJob(Job job) {
    actors.endJob(job.id());
    jobs.remove(job.id());
    try {
      gcs.jobs().end(job.id());
      gcs.nodes().put(record(true));
    } catch (RuntimeException e) {
      LOG.warn("cannot record the end of job {}: {}", job.id().hex(), e.toString());
    }
  }

  private NodeRecord record(boolean alive) {
    return new NodeRecord(
        nodeId,
        nodeName,
        config.bindAddress() + ":" + config.grpcPort(),
        alive,
        scheduler.total(),
        scheduler.available(),
        Map.of("store.capacity", String.valueOf(store.capacity())),
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
          gcs.nodes().putAsync(record(true));
          placementGroups.retryPending();
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

  private void membersLeft(List<String> left) {
    for (String member : left) {
      try {
        gcs.nodes().markDead(NodeId.fromHex(member));
      } catch (RuntimeException e) {
        LOG.debug("member {} is not a node id: {}", member, e.toString());
      }
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
  public TaskManager tasks() {
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
    actors.shutdown();
    for (Job j : List.copyOf(jobs.values())) {
      endJob(j);
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
