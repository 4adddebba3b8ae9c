package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayFunction;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.spi.Invocation;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.ActorTable;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.task.FunctionNames;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The caller's side of actors on other nodes: sends a call to the node that hosts the actor, owns
 * its result here, and when that node is lost sends the call again once the actor is back elsewhere
 * (as its retries allow), or fails it with {@link RayActorException}. Hosting is {@link
 * ActorHost}'s. Thread-safe.
 */
final class RemoteCalls {
  /** How long a call to an actor whose node was lost waits for the actor to come back. */
  static final long RELOCATION_MILLIS = 30_000;

  private final ObjectTable table;
  private final ValueCodec codec;
  private final WorkSender sender;
  private final ActorTable actorTable;
  private final TaskSubmitter tasks;
  private final Map<ActorId, RemoteActor> owned; // the manager's: actors this node created
  private final Map<ActorId, ActorHost> hosts; // the manager's: actors hosted here

  /**
   * Where actors owned by other nodes live, and their maxTaskRetries, as last read from the GCS.
   */
  private final ConcurrentHashMap<ActorId, Where> locations = new ConcurrentHashMap<>();

  private record Where(NodeId node, int maxTaskRetries) {}

  private final Relocations relocations; // calls waiting for their actor to come back

  // told of each answer from an actor's node: see ActorManager.answered
  private final Answers answered;

  /**
   * Hears each answer from an actor's node: the actor, the node, the restart count of the instance
   * a node had last accepted when the call was sent (the instance the call was meant for; -1: not
   * owned here), and why it is dead (or null). Must not block.
   */
  interface Answers {
    /**
     * @return true if the dead actor is being brought back by this node: a call it refused waits
     *     for the new instance instead of failing
     */
    boolean answered(ActorId actor, NodeId node, int restartsAtSend, String deadBecause);
  }

  RemoteCalls(
      ObjectTable table,
      ValueCodec codec,
      WorkSender sender,
      ActorTable actorTable,
      TaskSubmitter tasks,
      Executor executor,
      Map<ActorId, RemoteActor> owned,
      Map<ActorId, ActorHost> hosts,
      Answers answered) {
    this.answered = answered;
    this.table = table;
    this.codec = codec;
    this.sender = sender;
    this.actorTable = actorTable;
    this.tasks = tasks;
    this.owned = owned;
    this.hosts = hosts;
    this.relocations = new Relocations(this::gcsRow, executor);
    actorTable.onChange(
        id -> {
          if (relocations.waitsFor(id)) {
            try {
              executor.execute(() -> relocations.check(id));
            } catch (java.util.concurrent.RejectedExecutionException busy) {
              // the heartbeat checks again within a second
            }
          }
        });
  }

  /** A call of an actor on another node: its result is owned here, completed by the answer. */
  <R> ObjectRef<R> call(ActorId id, Job job, Invocation invocation, int maxRetries) {
    RemoteActor owner = owned.get(id);
    Where cached = owner != null ? null : locations.get(id);
    // the owner's calls go to the instance a node accepted, not to one still being placed (the
    // node does not host it yet: the call failed as "not hosted"); they wait there if it is dead
    NodeId known =
        owner != null
            ? (owner.placedAt != null ? owner.placedAt : owner.node)
            : cached != null ? cached.node() : null;
    ActorRecord record = known != null ? null : actorTable.get(id).orElse(null);
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(invocation.args(), 1, job, keepAlive);
    ObjectId returnId = table.newId();
    table.create(returnId, null);
    ObjectRefImpl<R> ref = table.newRef(returnId, job.getter());
    if (known == null
        && (record == null || record.state() == ActorState.DEAD || record.node() == null)) {
      table.complete(
          returnId,
          new ObjectValue.Failed(
              new RayActorException(
                  "actor "
                      + id.hex()
                      + (record == null
                          ? " is not known in the cluster"
                          : " cannot take calls: "
                              + (record.deathCause() == null
                                  ? "it is dead"
                                  : record.deathCause())))),
          List.of());
      return ref;
    }
    int retries;
    if (maxRetries != Integer.MIN_VALUE) {
      retries = maxRetries;
    } else {
      // the actor's own setting, for callers on any node (not only the one that created it)
      retries =
          owner != null
              ? owner.options.maxTaskRetries
              : cached != null ? cached.maxTaskRetries() : record.maxTaskRetries();
    }
    RemoteCall rc =
        new RemoteCall(
            id,
            job,
            invocation.function(),
            args,
            keepAlive,
            invocation.returnsVoid(),
            returnId,
            retries);
    NodeId node = known != null ? known : record.node();
    if (known == null) {
      // calls to it need not read the GCS until it moves
      locations.put(id, new Where(node, record.maxTaskRetries()));
    }
    sendCall(rc, node);
    return ref;
  }

  /** One call to an actor on another node, until it has an answer. */
  private record RemoteCall(
      ActorId actor,
      Job job,
      RayFunction method,
      Object[] args,
      List<Object> keepAlive,
      boolean returnsVoid,
      ObjectId returnId,
      int retries) {
    RemoteCall retried() {
      return new RemoteCall(
          actor,
          job,
          method,
          args,
          keepAlive,
          returnsVoid,
          returnId,
          retries < 0 ? -1 : retries - 1);
    }
  }

  /** Where an actor lives: as this node placed it, else as its GCS row says. */
  NodeId location(ActorId id, ActorRecord record) {
    RemoteActor ra = owned.get(id);
    return ra != null ? ra.node : record.node();
  }

  private void sendCall(RemoteCall rc, NodeId node) {
    RemoteActor ownedHere = owned.get(rc.actor());
    int restartsAtSend = ownedHere == null ? -1 : ownedHere.placed;
    sender.sendActorCall(
        node,
        rc.job(),
        rc.actor(),
        rc.method(),
        rc.args(),
        rc.returnsVoid(),
        rc.returnId(),
        outcome -> {
          if (outcome instanceof WorkSender.Outcome.Done d) {
            String deadBecause =
                d.value() instanceof ObjectValue.Failed f && f.error() instanceof RayActorException
                    ? String.valueOf(f.error().getMessage())
                    : null;
            if (deadBecause == null) {
              table.complete(rc.returnId(), d.value(), List.of());
              tell(rc, node, restartsAtSend, null);
              return;
            }
            locations.remove(rc.actor()); // dead or moved: read the GCS next time
            boolean comingBack = tell(rc, node, restartsAtSend, deadBecause);
            if (comingBack && ActorHost.refusedBy(rc.actor(), deadBecause)) {
              // the call did not run: it goes to the instance brought back (Ray queues calls to
              // a restarting actor)
              resendWhenRestarted(rc, restartsAtSend, d.value());
            } else {
              table.complete(rc.returnId(), d.value(), List.of());
            }
          } else if (rc.retries() != 0) {
            locations.remove(rc.actor());
            resendWhenBack(rc.retried(), node);
          } else {
            locations.remove(rc.actor());
            fail(
                rc,
                "actor "
                    + rc.actor().hex()
                    + " was lost with node "
                    + node.hex()
                    + " during a call of "
                    + FunctionNames.of(rc.method())
                    + " (no retries left): "
                    + why(outcome));
          }
        });
  }

  /** Tells {@link #answered} of an answer; true if the actor is being brought back. */
  private boolean tell(RemoteCall rc, NodeId node, int restartsAtSend, String deadBecause) {
    try {
      return answered.answered(rc.actor(), node, restartsAtSend, deadBecause);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(RemoteCalls.class)
          .warn("after an answer of actor {}: {}", rc.actor().hex(), e.toString());
      return false;
    }
  }

  /**
   * Sends a call the actor refused (dead) again once this node, its owner, has brought it back: its
   * restart count passed {@code restartsAtSend} and its row says alive. Completes it with {@code
   * refusal} if the actor stays dead or is not back in time.
   */
  private void resendWhenRestarted(RemoteCall rc, int restartsAtSend, ObjectValue refusal) {
    relocations.add(
        rc.actor(),
        new Relocations.Attempt() {
          @Override
          public boolean tryNow(ActorRecord r) {
            RemoteActor ra = owned.get(rc.actor());
            if (ra == null) { // brought back here (hosted, no longer remote), or it stays dead
              ActorHost host = hosts.get(rc.actor());
              if (host != null
                  && r != null
                  && r.state() == ActorState.ALIVE
                  && r.numRestarts() > restartsAtSend) {
                deliver(again(rc), null);
                return true;
              }
              if (host == null || r == null || r.state() == ActorState.DEAD) {
                giveUp();
                return true;
              }
              return false;
            }
            NodeId at = ra.placedAt; // the instance brought back, once a node accepted it
            int placed = ra.placed;
            if (placed <= restartsAtSend
                || r == null
                || r.state() != ActorState.ALIVE
                || r.numRestarts() < placed
                || at == null) {
              return false;
            }
            deliver(again(rc), at);
            return true;
          }

          @Override
          public void giveUp() {
            table.complete(rc.returnId(), refusal, List.of());
          }
        },
        RELOCATION_MILLIS);
  }

  /**
   * A refused call sent again: one with retries left counts this as one (a call the dying instance
   * had started is refused too when it was put back in the mailbox), one without is sent as is (it
   * did not run: a call without retries that had started failed as killed, not refused).
   */
  private static RemoteCall again(RemoteCall rc) {
    return rc.retries() > 0 ? rc.retried() : rc;
  }

  /** Sends a call to the actor on {@code at}, or puts it in its mailbox if it is hosted here. */
  private void deliver(RemoteCall rc, NodeId at) {
    ActorHost host = hosts.get(rc.actor());
    if (host == null) {
      sendCall(rc, at);
      return;
    }
    ActorCall call =
        new ActorCall(
            tasks.newTaskId(),
            rc.returnId(),
            rc.method(),
            rc.args(),
            rc.keepAlive(),
            rc.returnsVoid(),
            rc.retries());
    host.pendingCalls.incrementAndGet();
    host.enqueue(call);
  }

  /** Fails a call sent to another node's actor with {@link RayActorException}. */
  private void fail(RemoteCall rc, String message) {
    table.complete(
        rc.returnId(), new ObjectValue.Failed(new RayActorException(message)), List.of());
  }

  private static String why(WorkSender.Outcome o) {
    if (o instanceof WorkSender.Outcome.Lost l) {
      return l.why();
    }
    return o instanceof WorkSender.Outcome.Spillback s ? s.why() : String.valueOf(o);
  }

  /**
   * Sends a call again once its actor is alive on another node than the lost one (see {@link
   * Relocations}: no thread waits for it); fails it if the actor is dead or not back in time.
   */
  private void resendWhenBack(RemoteCall rc, NodeId lostNode) {
    relocations.add(
        rc.actor(),
        new Relocations.Attempt() {
          @Override
          public boolean tryNow(ActorRecord r) {
            if (r == null || r.state() == ActorState.DEAD) {
              giveUp();
              return true;
            }
            NodeId at = location(rc.actor(), r);
            if (r.state() != ActorState.ALIVE || at == null || at.equals(lostNode)) {
              return false;
            }
            deliver(rc, at);
            return true;
          }

          @Override
          public void giveUp() {
            fail(
                rc,
                "actor "
                    + rc.actor().hex()
                    + " did not come back after node "
                    + lostNode.hex()
                    + " was lost");
          }
        },
        RELOCATION_MILLIS);
  }

  private ActorRecord gcsRow(ActorId id) {
    return actorTable.get(id).orElse(null);
  }

  /** Calls to this actor waiting for it to come back. */
  int waiting(ActorId id) {
    return relocations.waiting(id);
  }

  /** Tries the calls waiting for their actor to come back (the heartbeat's safety net). */
  void checkRelocations() {
    relocations.checkAll();
  }
}
