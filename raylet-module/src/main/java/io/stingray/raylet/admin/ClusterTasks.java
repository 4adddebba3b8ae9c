package io.stingray.raylet.admin;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.cluster.ClusterView;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.rpc.proto.ListTasksReply;
import io.stingray.raylet.rpc.proto.NodeStats;
import io.stingray.raylet.rpc.proto.TaskEvent;
import io.stingray.raylet.task.TaskEvents;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tasks across the cluster, for the console: every node keeps a ring of the tasks it owns ({@link
 * TaskEvents}); this lists them from all alive nodes at once over gRPC, and cancels a task on
 * whichever node owns it. A node that does not answer in time is named, never waited for. Calls
 * block the caller for at most a few seconds; thread-safe.
 */
public final class ClusterTasks {
  private static final int MAX_ERROR = 1_000;
  private static final long ASK_SECONDS = 5;

  private final NodeId self;
  private final TaskSubmitter tasks;
  private final io.stingray.raylet.actor.ActorManager actors;
  private final io.stingray.raylet.object.ObjectStore store;
  private final io.stingray.raylet.scheduler.LocalScheduler scheduler;
  private final ClusterView view;
  private final Peers peers;

  /** A task as one node remembers it; {@code owner} is the node it was submitted on. */
  public record Task(
      String taskId,
      String function,
      String state,
      String node,
      long submittedMillis,
      long startedMillis,
      long endedMillis,
      String error,
      String owner) {}

  /**
   * The newest tasks of every node that answered, newest first; counts over every node's whole
   * ring; the pending calls of every actor those nodes host (by hex id); each node's figures (by
   * hex id); and the nodes that did not answer, with why.
   */
  public record Listing(
      List<Task> tasks,
      Map<String, Long> byState,
      long submittedTotal,
      long finishedTotal,
      long failedTotal,
      Map<String, Integer> actorPendingCalls,
      Map<String, Stats> nodeStats,
      Map<String, String> unanswered) {}

  /** A node's object store bytes and its running and queued work. */
  public record Stats(
      long storeUsedBytes,
      long storeCapacityBytes,
      long storeSpilledBytes,
      int running,
      int queued) {}

  /** This node's figures, as ListTasks sends them. */
  public static NodeStats stats(
      io.stingray.raylet.object.ObjectStore store,
      io.stingray.raylet.scheduler.LocalScheduler scheduler) {
    return NodeStats.newBuilder()
        .setStoreUsedBytes(store.usedBytes())
        .setStoreCapacityBytes(store.capacity())
        .setStoreSpilledBytes(store.spilledBytes())
        .setRunning(scheduler.runningCount())
        .setQueued(scheduler.queuedCount())
        .build();
  }

  public ClusterTasks(
      NodeId self,
      TaskSubmitter tasks,
      io.stingray.raylet.actor.ActorManager actors,
      io.stingray.raylet.object.ObjectStore store,
      io.stingray.raylet.scheduler.LocalScheduler scheduler,
      ClusterView view,
      Peers peers) {
    this.self = self;
    this.tasks = tasks;
    this.actors = actors;
    this.store = store;
    this.scheduler = scheduler;
    this.view = view;
    this.peers = peers;
  }

  /** What a node answers to another's ListTasks, from its own task events. */
  public static ListTasksReply local(
      TaskEvents events,
      Map<ActorId, Integer> pendingCalls,
      io.stingray.raylet.rpc.proto.NodeStats stats,
      int limit,
      String state) {
    ListTasksReply.Builder b = ListTasksReply.newBuilder();
    Map<String, Long> byState = new TreeMap<>();
    int wanted = Math.max(0, Math.min(limit, TaskEvents.CAPACITY));
    for (TaskEvents.Record r : events.recent()) {
      String s = r.state();
      byState.merge(s, 1L, Long::sum);
      if (b.getTasksCount() < wanted && (state == null || state.isEmpty() || state.equals(s))) {
        String error = r.error() == null ? "" : r.error();
        b.addTasks(
            TaskEvent.newBuilder()
                .setTaskId(r.taskId)
                .setFunction(r.function)
                .setState(s)
                .setNode(r.node() == null ? "" : r.node())
                .setSubmittedMillis(r.submittedMillis)
                .setStartedMillis(r.startedMillis())
                .setEndedMillis(r.endedMillis())
                .setError(error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error));
      }
    }
    long[] done = events.finishedTotals();
    pendingCalls.forEach((id, n) -> b.putActorPendingCalls(id.hex(), n));
    b.setStats(stats);
    return b.putAllByState(byState)
        .setSubmittedTotal(events.submittedTotal())
        .setFinishedTotal(done[0])
        .setFailedTotal(done[1])
        .build();
  }

  /**
   * The newest {@code limitPerNode} tasks of each alive node (in {@code state}, if not null),
   * merged newest first, with cluster-wide counts. Waits at most about 5 s.
   */
  public Listing list(int limitPerNode, String state) {
    Map<String, CompletableFuture<ListTasksReply>> asked = new TreeMap<>();
    asked.put(
        self.hex(),
        CompletableFuture.completedFuture(
            local(
                tasks.events(),
                actors.pendingCallsHere(),
                stats(store, scheduler),
                limitPerNode,
                state)));
    for (NodeRecord n : view.alive()) {
      if (!n.id().equals(self)) {
        asked.put(n.id().hex(), peers.to(n.id()).listTasks(limitPerNode, state));
      }
    }
    List<Task> all = new ArrayList<>();
    Map<String, Long> byState = new TreeMap<>();
    Map<String, String> unanswered = new TreeMap<>();
    Map<String, Integer> pending = new java.util.HashMap<>();
    Map<String, Stats> stats = new TreeMap<>();
    long[] totals = new long[3];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ASK_SECONDS);
    asked.forEach(
        (owner, reply) -> {
          ListTasksReply r;
          try {
            r = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unanswered.put(owner, "interrupted");
            return;
          } catch (Exception e) {
            unanswered.put(owner, e.getCause() != null ? e.getCause().toString() : e.toString());
            return;
          }
          for (TaskEvent t : r.getTasksList()) {
            all.add(
                new Task(
                    t.getTaskId(),
                    t.getFunction(),
                    t.getState(),
                    t.getNode(),
                    t.getSubmittedMillis(),
                    t.getStartedMillis(),
                    t.getEndedMillis(),
                    t.getError().isEmpty() ? null : t.getError(),
                    owner));
          }
          r.getByStateMap().forEach((k, v) -> byState.merge(k, v, Long::sum));
          totals[0] += r.getSubmittedTotal();
          totals[1] += r.getFinishedTotal();
          totals[2] += r.getFailedTotal();
          pending.putAll(r.getActorPendingCallsMap());
          if (r.hasStats()) {
            NodeStats s = r.getStats();
            stats.put(
                owner,
                new Stats(
                    s.getStoreUsedBytes(),
                    s.getStoreCapacityBytes(),
                    s.getStoreSpilledBytes(),
                    s.getRunning(),
                    s.getQueued()));
          }
        });
    all.sort(Comparator.comparingLong(Task::submittedMillis).reversed());
    return new Listing(all, byState, totals[0], totals[1], totals[2], pending, stats, unanswered);
  }

  private Listing overview;
  private long overviewAt;

  /**
   * {@code list(0, null)} (counts, node figures, pending calls; no task rows), shared by callers
   * within 250 ms of each other: one console refresh asks for it from several endpoints at once,
   * and one round of ListTasks to every node serves them all.
   */
  public synchronized Listing overview() {
    long now = System.nanoTime();
    if (overview == null || now - overviewAt > TimeUnit.MILLISECONDS.toNanos(250)) {
      overview = list(0, null);
      overviewAt = System.nanoTime();
    }
    return overview;
  }

  /**
   * Cancels a task on the node that owns it (this one first, then each alive node), as {@code
   * RayContext.cancel(ref, force, true)}.
   *
   * @return false if no alive node remembers an unfinished task with that id
   * @throws RuntimeException (a gRPC status) if a node that might own it cannot be asked
   */
  public boolean cancel(String taskId, boolean force) {
    if (tasks.cancel(taskId, force)) {
      return true;
    }
    for (NodeRecord n : view.alive()) {
      if (!n.id().equals(self) && peers.to(n.id()).cancelTask(taskId, force)) {
        return true;
      }
    }
    return false;
  }
}
