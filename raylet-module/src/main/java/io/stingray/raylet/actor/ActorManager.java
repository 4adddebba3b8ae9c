package io.stingray.raylet.actor;

import io.stingray.api.ActorHandle;
import io.stingray.api.ActorId;
import io.stingray.api.ActorLifetime;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayFunction;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.spi.Invocation;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.StaleActorRowException;
import io.stingray.raylet.cluster.Placement;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.task.Dependencies;
import io.stingray.raylet.task.FunctionNames;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, finds, calls and kills the actors of this node, and keeps the GCS actor table (and
 * named-actor index) in step with their life cycle. Thread-safe.
 *
 * <p>Over 400 lines because it is the directory of this node's actors and their GCS rows (create,
 * place, find by name, kill, restart after node loss, end with their job) over two shared maps;
 * hosting is {@link ActorHost}'s and calls to actors on other nodes are {@link RemoteCalls}'.
 */
public final class ActorManager {
  private static final Logger LOG = LoggerFactory.getLogger(ActorManager.class);

  private final NodeId nodeId;
  private final GlobalControlStore gcs;
  private final ObjectTable table;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final TaskSubmitter tasks;
  private final Executor executor;
  private final ConcurrentHashMap<ActorId, ActorHost> hosts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ActorId, RemoteActor> owned = new ConcurrentHashMap<>();

  private final AtomicLong actorIds = new AtomicLong();
  private final Placement placement;
  private final WorkSender sender;
  private final Peers peers;
  private final io.stingray.raylet.cluster.Membership membership;
  // instances dropped after a partition healed: another node hosts the actor, and its row is that
  // node's to write
  private final java.util.Set<ActorId> superseded = ConcurrentHashMap.newKeySet();
  private final Reunion reunion; // what is settled once a partition between owner and host healed
  private final ActorRows rows; // the GCS rows of actors, as this node writes them
  final Placements placements; // where owned actors are created (package-visible for tests)

  private volatile boolean leaving;
  private final int maxQueuedCalls; // per actor hosted here, whoever calls (NodeConfig)
  private final io.stingray.raylet.cluster.ClusterView view; // which node owns an id

  private final RemoteCalls remoteCalls; // calls to actors on other nodes

  public ActorManager(
      NodeId nodeId,
      GlobalControlStore gcs,
      ObjectTable table,
      ValueCodec codec,
      LocalScheduler scheduler,
      TaskSubmitter tasks,
      Executor executor,
      Placement placement,
      WorkSender sender,
      Peers peers,
      io.stingray.raylet.cluster.Membership membership,
      io.stingray.raylet.cluster.ClusterView view,
      int maxQueuedCalls) {
    this.view = view;
    this.maxQueuedCalls = maxQueuedCalls;
    this.membership = membership;
    this.placement = placement;
    this.sender = sender;
    this.peers = peers;
    this.nodeId = nodeId;
    this.gcs = gcs;
    this.table = table;
    this.rows = new ActorRows(nodeId, gcs.actors(), hosts, superseded);
    this.placements =
        new Placements(nodeId, owned, sender, placement, scheduler, peers, rows, this::hostInstead);
    this.reunion =
        new Reunion(
            nodeId,
            membership,
            gcs.actors(),
            () -> Set.copyOf(gcs.members()),
            owned,
            hosts,
            executor,
            this::restartOwned);
    this.remoteCalls =
        new RemoteCalls(
            table, codec, sender, gcs.actors(), tasks, executor, owned, hosts, reunion::answered);
    this.codec = codec;
    this.scheduler = scheduler;
    this.tasks = tasks;
    this.executor = executor;
  }

  ObjectTable table() {
    return table;
  }

  ValueCodec codec() {
    return codec;
  }

  LocalScheduler scheduler() {
    return scheduler;
  }

  Executor executor() {
    return executor;
  }

  /** Creates an actor (see {@code ActorCreator.remote}). */
  <A> ActorHandle<A> create(Job job, Invocation constructor, ActorOptions options) {
    ResourceSet demand =
        tasks.placeDemand(
            ResourceSet.of(options.resources),
            options.placementGroup,
            options.bundleIndex,
            options.strategy,
            "actor " + FunctionNames.of(constructor.function()),
            job.name());
    NodeId target = nodeId;
    if (options.placementGroup != null) {
      NodeId where = tasks.bundleNode(options.placementGroup, options.bundleIndex);
      target = where != null ? where : nodeId; // not placed yet: waits here for its bundle
    } else {
      NodeId chosen = placement.choose(demand, options.strategy, job.name(), Set.of(), null);
      target = chosen != null ? chosen : nodeId;
    }
    String namespace = options.namespace != null ? options.namespace : job.namespace();
    ActorId id = ActorId.of(nodeId.high(), actorIds.incrementAndGet());
    if (options.name != null) {
      membership.check("claim the actor name '" + options.name + "'");
      Optional<ActorId> holder = gcs.actors().claimName(namespace, options.name, id);
      if (holder.isPresent()) {
        throw new IllegalArgumentException(
            "the actor name '"
                + options.name
                + "' is already taken in namespace '"
                + namespace
                + "' (by actor "
                + holder.get().hex()
                + ")");
      }
    }
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(constructor.args(), 0, job, keepAlive);
    String className = ActorHost.classNameOf(constructor.function());
    gcs.actors()
        .create(
            new ActorRecord(
                id,
                job.id(),
                className,
                options.name,
                namespace,
                ActorState.PENDING_CREATION,
                target,
                0,
                options.lifetime == ActorLifetime.DETACHED,
                null,
                options.maxTaskRetries));
    if (target.equals(nodeId)) {
      hostLocally(
          new ActorHost(
              this, id, job, options, namespace, constructor.function(), args, keepAlive, demand),
          demand);
    } else {
      RemoteActor ra =
          new RemoteActor(
              id,
              job,
              constructor.function(),
              args,
              keepAlive,
              options,
              namespace,
              demand,
              className,
              target);
      owned.put(id, ra);
      placements.place(ra, target, 0);
    }
    return new ActorHandleImpl<>(id, this, job);
  }

  private void hostLocally(ActorHost host, ResourceSet demand) {
    superseded.remove(host.id); // hosted here again: its row is this instance's
    hosts.put(host.id, host);
    Dependencies.whenReady(
        table,
        host.constructorArgs(),
        error -> {
          if (error != null) {
            host.die(
                new RayActorException(
                    "an argument of the constructor of " + host.className + " failed: " + error,
                    error));
          } else {
            scheduler.submit(host.creationWork(demand, true), false);
          }
        });
  }

  /** Hosts instance {@code restarts} of an owned actor here after all (no other node took it). */
  private void hostInstead(RemoteActor ra, int restarts) {
    ActorHost host =
        new ActorHost(
            this,
            ra.id,
            ra.job,
            ra.options,
            ra.namespace,
            ra.constructor,
            ra.args,
            ra.keepAlive,
            ra.demand);
    host.restartedBefore(restarts);
    hostLocally(host, ra.demand);
  }

  /**
   * Hosts an actor another node created here (its arguments prepared there).
   *
   * @throws IllegalArgumentException for options out of range
   */
  public void hostHere(Job job, RayFunction constructor, Object[] args, WorkSender.ActorWork r) {
    ActorOptions options = new ActorOptions();
    options.name(r.name() == null || r.name().isEmpty() ? null : r.name());
    options.namespace = r.namespace();
    r.resources().forEach(options::resource);
    options.maxRestarts = ActorOptions.atLeastMinusOne("maxRestarts", r.maxRestarts());
    options.maxTaskRetries = ActorOptions.atLeastMinusOne("maxTaskRetries", r.maxTaskRetries());
    options.maxConcurrency(r.maxConcurrency());
    options.maxPendingCalls(r.maxPendingCalls());
    options.lifetime = r.detached() ? ActorLifetime.DETACHED : ActorLifetime.NON_DETACHED;
    ResourceSet demand = ResourceSet.of(options.resources);
    ActorHost host =
        new ActorHost(
            this,
            r.id(),
            job,
            options,
            r.namespace(),
            constructor,
            args,
            new ArrayList<>(0),
            demand);
    host.restartedBefore(r.restarts());
    hostLocally(host, demand);
  }

  /** Submits a call (see {@code ActorTaskCaller.remote}). */
  <R> ObjectRef<R> call(ActorId id, Job job, Invocation invocation, int maxRetries) {
    ActorHost host = hosts.get(id);
    if (host == null) {
      return remoteCalls.call(id, job, invocation, maxRetries);
    }
    refuseIfFull(host);
    int limit = host.options.maxPendingCalls;
    if (limit > 0 && host.pendingCalls.incrementAndGet() > limit) {
      host.pendingCalls.decrementAndGet();
      throw new PendingCallsLimitExceededException(
          "actor "
              + host.className
              + " ("
              + id.hex()
              + ") has "
              + limit
              + " unfinished calls from this caller, its maxPendingCalls");
    } else if (limit <= 0) {
      host.pendingCalls.incrementAndGet();
    }
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args;
    try {
      args = codec.prepareArgs(invocation.args(), 1, job, keepAlive); // 0: the actor
    } catch (RuntimeException e) { // not queued: not counted
      host.pendingCalls.decrementAndGet();
      throw e;
    }
    int retries = maxRetries == Integer.MIN_VALUE ? host.options.maxTaskRetries : maxRetries;
    ActorCall call =
        new ActorCall(
            tasks.newTaskId(),
            table.newId(),
            invocation.function(),
            args,
            keepAlive,
            invocation.returnsVoid(),
            retries);
    table.create(call.returnId, call);
    ObjectRefImpl<R> ref = table.newRef(call.returnId, job.getter());
    host.enqueue(call);
    return ref;
  }

  /** Refuses a call to an actor whose mailbox holds the node's most calls per actor. */
  private void refuseIfFull(ActorHost host) {
    int queued = host.pendingCalls.get();
    if (queued >= maxQueuedCalls) {
      throw new PendingCallsLimitExceededException(
          "actor "
              + host.className
              + " ("
              + host.id.hex()
              + ") has "
              + queued
              + " unfinished calls on node "
              + nodeId.hex()
              + ", the node's maxQueuedActorCalls; try again once some finish");
    }
  }

  /**
   * Runs a call another node sent to an actor hosted here; {@code borrowed} notes the other nodes'
   * objects it borrows while it runs.
   *
   * @throws RayActorException if the actor is not hosted here
   * @throws PendingCallsLimitExceededException if its mailbox is full (maxQueuedActorCalls)
   */
  public ObjectRef<Object> callHere(
      ActorId id,
      Job job,
      RayFunction method,
      Object[] args,
      boolean returnsVoid,
      io.stingray.raylet.context.BorrowLog borrowed) {
    ActorHost host = hosts.get(id);
    if (host == null) {
      throw new RayActorException("actor " + id.hex() + " is not hosted on node " + nodeId.hex());
    }
    refuseIfFull(host);
    host.pendingCalls.incrementAndGet();
    ActorCall call =
        new ActorCall(
            tasks.newTaskId(),
            table.newId(),
            method,
            args,
            new ArrayList<>(0),
            returnsVoid,
            host.options.maxTaskRetries);
    call.borrowLog = borrowed;
    table.create(call.returnId, call);
    ObjectRefImpl<Object> ref = table.newRef(call.returnId, job.getter());
    host.enqueue(call);
    return ref;
  }

  /**
   * An actor hosted here whose GCS row says a newer instance lives on another node (as many
   * restarts or more: the owner restarted it there while this node was apart, or the two sides of a
   * partition each restarted it and the merge kept the other's row), or that it died as this
   * instance or later, stops here, without touching the row, so that one instance is left. A row
   * about an older instance (a restart here whose row is not written yet) stops nothing. Run by the
   * heartbeat every second: a duplicate is found however the partition healed (a paused node that
   * resumes may never see anyone lost). Returns how many stopped.
   */
  public int dropSuperseded() {
    int dropped = 0;
    for (ActorHost h : List.copyOf(hosts.values())) {
      if (h.state() != ActorState.ALIVE) {
        continue; // starting, restarting or dead here: nothing to take over from
      }
      ActorRecord r = gcs.actors().get(h.id).orElse(null);
      boolean elsewhere =
          r != null
              && r.numRestarts() >= h.restarts()
              && (r.state() == ActorState.DEAD
                  || (r.state() == ActorState.ALIVE
                      && r.node() != null
                      && !r.node().equals(nodeId)));
      if (elsewhere && superseded.add(h.id)) {
        hosts.remove(h.id, h);
        LOG.warn(
            "actor {} ({}) also lives on node {} after the partition healed ({}): stopping this"
                + " instance",
            h.className,
            h.id.hex(),
            r.node() == null ? "none" : r.node().hex(),
            r.state());
        h.kill(true, "another instance took over while this node was apart");
        dropped++;
      }
    }
    return dropped;
  }

  /** Tries the calls waiting for their actor to come back (the heartbeat's safety net). */
  public void checkRelocations() {
    rows.recordAgain();
    remoteCalls.checkRelocations();
  }

  /** Calls from this node to an actor elsewhere that wait for it to come back (for tests). */
  int callsWaiting(ActorId id) {
    return remoteCalls.waiting(id);
  }

  /** The instance of an actor hosted here, or null (for tests). */
  ActorHost hosted(ActorId id) {
    return hosts.get(id);
  }

  /**
   * Calls queued or running on an actor hosted on this node, or -1 if this node does not host it.
   * Thread-safe.
   */
  public int pendingCalls(ActorId id) {
    ActorHost host = hosts.get(id);
    return host == null ? -1 : host.pendingCalls.get();
  }

  /** The actors with a live (or restarting) instance on this node. Thread-safe. */
  public Set<ActorId> liveHere() {
    Set<ActorId> ids = new HashSet<>();
    hosts.forEach(
        (id, h) -> {
          if (h.state() != ActorState.DEAD) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** Calls queued or running on each actor this node hosts. Thread-safe. */
  public Map<ActorId, Integer> pendingCallsHere() {
    Map<ActorId, Integer> m = new java.util.HashMap<>();
    hosts.forEach((id, h) -> m.put(id, h.pendingCalls.get()));
    return m;
  }

  /** Kills an actor, here or on its node; unknown ids are ignored. */
  public void kill(ActorId id, boolean noRestart) {
    if (killHostedHere(id, noRestart)) {
      return;
    }
    RemoteActor ra = owned.get(id);
    NodeId at;
    if (ra != null) {
      if (ra.placedAt == null || ra.placed != ra.restarts) { // a new instance is being placed
        if (noRestart && placements.forgetWhilePlaced(ra)) {
          recordDead(id, "actor " + ra.className + " (" + id.hex() + ") was killed: kill()");
        } // a kill to restart it while it restarts: nothing more to do
        return;
      }
      at = ra.placedAt; // the node that took the instance: never one that has not yet
    } else {
      ActorRecord r = gcs.actors().get(id).orElse(null);
      if (r == null || r.state() == ActorState.DEAD) {
        return;
      }
      at = r.node();
      NodeId owner = r.state() == ActorState.ALIVE ? null : ownerOf(id);
      if (owner != null) {
        // being made or made again: no node may host it yet (the row names the old one), and
        // only its owner knows where it goes
        at = owner;
      }
    }
    if (at == null || at.equals(nodeId)) {
      killHostedHere(id, noRestart); // hosted here meanwhile (the owner fell back to it)
      return;
    }
    try {
      peers.to(at).killActor(id, noRestart);
    } catch (RuntimeException e) {
      throw new RayActorException(
          "cannot reach node " + at.hex() + " to kill actor " + id.hex() + ": " + e.getMessage(),
          e);
    }
    if (noRestart) {
      owned.remove(id);
    }
  }

  /**
   * Kills an actor another node sent a kill for: as its owner (which sends it on only to the node
   * that took its instance), else only an instance hosted here. So a kill crosses at most two
   * nodes, however stale the rows they read.
   */
  public void killSent(ActorId id, boolean noRestart) {
    if (id.high() == nodeId.high()) {
      kill(id, noRestart);
    } else {
      killHostedHere(id, noRestart);
    }
  }

  private boolean killHostedHere(ActorId id, boolean noRestart) {
    ActorHost host = hosts.get(id);
    if (host == null || host.state() == ActorState.DEAD) {
      return false;
    }
    host.kill(noRestart, noRestart ? "kill()" : "kill(noRestart=false)");
    return true;
  }

  /** The alive node that created an actor (its id's upper half is the node's), or null. */
  private NodeId ownerOf(ActorId id) {
    NodeId owner = view.ownerOf(id.high());
    return owner != null && view.isAlive(owner) ? owner : null;
  }

  /** A named actor that is not dead (here or on another node), as a handle for {@code job}. */
  public <A> Optional<ActorHandle<A>> find(Job job, String name, String namespace) {
    Optional<ActorId> id = gcs.actors().lookupName(namespace, name);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    ActorHost h = hosts.get(id.get());
    if (h != null) {
      return h.state() == ActorState.DEAD
          ? Optional.empty()
          : Optional.of(new ActorHandleImpl<>(h.id, this, job));
    }
    Optional<ActorRecord> r = gcs.actors().get(id.get());
    return r.isEmpty() || r.get().state() == ActorState.DEAD
        ? Optional.empty()
        : Optional.of(new ActorHandleImpl<>(id.get(), this, job));
  }

  /** A handle of a known actor for {@code job} (when a handle arrives inside an argument). */
  public <A> ActorHandle<A> handle(ActorId id, Job job) {
    return new ActorHandleImpl<>(id, this, job);
  }

  /**
   * A node left: actors this node owned there are created again elsewhere while their maxRestarts
   * allows (else recorded dead), and actors hosted here for an owner on that node die unless
   * detached (Ray's fate sharing). On a fenced node neither happens now: see {@link Reunion}.
   */
  public void nodeLost(NodeId node) {
    String fence = membership.fenced();
    for (RemoteActor ra : List.copyOf(owned.values())) {
      if (!node.equals(ra.node)) {
        continue;
      }
      if (fence != null) {
        LOG.warn(
            "actor {} ({}) is out of reach with node {} and is not restarted: {}",
            ra.className,
            ra.id.hex(),
            node.hex(),
            fence);
        reunion.ownedOutOfReach(ra);
      } else {
        try {
          restartOwned(ra, "its node " + node.hex() + " was lost", Set.of(node));
        } catch (RuntimeException e) { // one actor's GCS trouble must not skip the others
          LOG.warn("cannot restart actor {}: {}", ra.id.hex(), e.toString());
        }
      }
    }
    for (ActorHost h : hosts.values()) {
      if (h.id.high() == node.high() && h.options.lifetime == ActorLifetime.NON_DETACHED) {
        if (fence != null) {
          // on a minority side the owner may well be alive on the other: the fate sharing waits
          // until the partition heals (ownersLostWhileApart)
          reunion.ownerOutOfReach(h.id, node);
        } else {
          h.kill(true, Reunion.ownerLost(node));
        }
      }
    }
  }

  /**
   * Creates an actor this node owns again elsewhere while its maxRestarts allows (else records it
   * dead), avoiding the nodes in {@code avoid}. A row that says dead is brought back ({@link
   * io.stingray.gcs.ActorTable#revive}) only if the actor was killed for losing this node (the
   * other side of a partition took this node for dead); dead for another reason, it stays dead. One
   * restart at a time per actor: the row is read again under the actor's lock.
   */
  private void restartOwned(RemoteActor ra, String why, Set<NodeId> avoid) {
    restartOwned(ra, why, -1, null, avoid);
  }

  private void restartOwned(RemoteActor ra, String why, int restartsAtSend, NodeId at) {
    restartOwned(ra, why, restartsAtSend, at, Set.of());
  }

  /** As above, if still the instance {@code restartsAtSend} (-1: any) on {@code at} (null: any). */
  private void restartOwned(
      RemoteActor ra, String why, int restartsAtSend, NodeId at, Set<NodeId> avoid) {
    synchronized (ra) {
      if ((restartsAtSend >= 0 && ra.restarts != restartsAtSend)
          || (at != null && !at.equals(ra.node))
          || owned.get(ra.id) != ra) {
        return;
      }
      ActorRecord row;
      int restarts;
      NodeId target;
      for (int attempt = 1; ; attempt++) {
        row = gcs.actors().get(ra.id).orElse(null);
        boolean revive = row != null && row.state() == ActorState.DEAD;
        if (revive && !Reunion.killedForLosing(row, nodeId)) {
          owned.remove(ra.id);
          LOG.info(
              "actor {} ({}) is not restarted: it died ({})",
              ra.className,
              ra.id.hex(),
              row.deathCause());
          return;
        }
        if (!ra.mayRestart()) {
          owned.remove(ra.id);
          recordDead(ra.id, why + " and it has no restarts left");
          return;
        }
        // the host may have restarted it itself: count on from the row
        restarts = Math.max(ra.restarts, row == null ? 0 : row.numRestarts()) + 1;
        try {
          target = placement.choose(ra.demand, ra.options.strategy, ra.job.name(), avoid, null);
        } catch (io.stingray.api.exception.UnschedulableException e) { // a hard affinity to it
          owned.remove(ra.id);
          recordDead(ra.id, why + " and " + e.getMessage());
          return;
        }
        // the row moves first (out of DEAD if the other side wrote that); if that fails mid-merge,
        // nothing starts and the caller tries again
        try {
          if (row != null) {
            gcs.actors().revive(row.withState(ActorState.RESTARTING, row.node(), restarts, null));
          }
          break;
        } catch (StaleActorRowException moved) { // restarted meanwhile (its host, a merge)
          if (attempt >= 5) {
            throw moved; // the caller tries again later, or logs it
          }
        } catch (IllegalStateException e) { // its name was taken meanwhile
          owned.remove(ra.id);
          LOG.warn("actor {} ({}) stays dead: {}", ra.className, ra.id.hex(), e.getMessage());
          return;
        }
      }
      int before = ra.restarts;
      ra.restarts = restarts;
      LOG.info(
          "actor {} ({}): {}: restarting it ({} of {}; {} before)",
          ra.className,
          ra.id.hex(),
          why,
          ra.restarts,
          ra.options.maxRestarts < 0 ? "unlimited" : ra.options.maxRestarts,
          before);
      NodeId where = target == null ? nodeId : target;
      int instance = restarts;
      executor.execute(() -> placements.place(ra, where, instance));
    }
  }

  /**
   * After a partition healed, on the side that was fenced: settles what was left undecided while
   * apart (see {@link Reunion#settle}). Returns how many owned actors restarted. Called by the
   * heartbeat.
   */
  public int restartLostWhileApart() {
    return reunion.settle();
  }

  /**
   * Ends a job: its non-detached actors die, here and those it created on other nodes, and the
   * job's dead actors are forgotten here (each holds the job, and with it the application's class
   * loader).
   */
  public void endJob(JobId job) {
    for (ActorHost h : hosts.values()) {
      if (h.job.id().equals(job) && h.options.lifetime == ActorLifetime.NON_DETACHED) {
        h.kill(true, "its job ended");
        hosts.remove(h.id, h);
      }
    }
    for (RemoteActor ra : List.copyOf(owned.values())) {
      if (ra.job.id().equals(job) && ra.options.lifetime == ActorLifetime.NON_DETACHED) {
        if (placements.forgetWhilePlaced(ra)) {
          recordDead(ra.id, "its job ended");
          continue;
        }
        owned.remove(ra.id);
        try {
          peers.to(ra.node).killActor(ra.id, true);
        } catch (RuntimeException e) {
          LOG.warn("cannot kill actor {} on node {}: {}", ra.id.hex(), ra.node.hex(), e.toString());
          recordDead(ra.id, "its job ended");
        }
      }
    }
  }

  /**
   * Kills every actor hosted here (the node stops). Actors owned by other nodes are not recorded
   * dead: their owners restart them elsewhere when this node has left.
   */
  public void shutdown() {
    leaving = true;
    for (ActorHost h : hosts.values()) {
      h.kill(true, "the node stopped");
    }
  }

  void recordState(ActorHost host, ActorState state, String cause) {
    if (leaving && host.id.high() != nodeId.high()) {
      return; // its owner decides, once this node has left
    }
    rows.record(host, state, cause);
  }

  private void recordDead(ActorId id, String cause) {
    rows.dead(id, cause);
  }
}
