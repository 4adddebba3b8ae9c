package io.stingray.api.admin;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What an operator (the admin console, health checks, scripts) may read and do on the cluster,
 * through one node: the node of this server.
 *
 * <p><b>Finding it.</b> Inside an application server: {@code new
 * InitialContext().lookup(ClusterAdmin.JNDI_NAME)}, bound by the resource adapter when its node has
 * started and unbound when it stops (a failed lookup means no node runs on this server). Outside a
 * server: {@code RayNode.admin()}. Look it up again rather than keep it across a redeploy of the
 * adapter: an instance whose node stopped answers {@link #health()} with {@code live} false and
 * every other method with {@link IllegalStateException}.
 *
 * <p><b>Threading.</b> Thread-safe; every method may be called from any thread. Reads of the GCS
 * tables answer from this node's replica without waiting; {@link #nodes()}, {@link #actors()},
 * {@link #tasks}, {@link #summary()} and {@link #cancelTask} ask every alive node over the network
 * and block the caller for at most about 5 s: a node that does not answer in time is left out
 * (named in the summary's {@code unansweredNodes}), never waited for.
 *
 * <p><b>Failures.</b> Besides what each method names, {@link
 * io.stingray.api.exception.RayException} if the cluster cannot be reached at all.
 */
public interface ClusterAdmin {
  /** Where a resource adapter binds its node's admin (a global name of the server's JNDI). */
  String JNDI_NAME = "stingray/ClusterAdmin";

  /** How many of its most recent tasks each node remembers for {@link #tasks}. */
  int TASKS_KEPT_PER_NODE = 10_000;

  /**
   * The upper bounds (seconds) of the task latency histogram of {@link #summary()} ({@code
   * taskLatency.counts} has one more bucket, +Inf).
   */
  List<Double> TASK_LATENCY_BOUNDS_SECONDS =
      List.of(
          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
          30.0, 60.0);

  /** Whether this node is ready (joined and registered in the GCS) and live; never throws. */
  Health health();

  /** Every node of the GCS table, alive or dead, by name; live figures for alive nodes. */
  List<NodeView> nodes();

  /** Every job (drivers and applications) the GCS knows, oldest first. */
  List<JobView> jobs();

  /** Every actor, alive or dead, by id, with its pending calls where its node answered. */
  List<ActorView> actors();

  /**
   * The recent tasks of the whole cluster, newest first: the newest {@code limitPerNode} that each
   * alive node owns, in {@code state} if not null (PENDING_ARGS, QUEUED, RUNNING, FINISHED or
   * FAILED).
   *
   * @throws IllegalArgumentException if {@code limitPerNode} is negative
   */
  List<TaskView> tasks(int limitPerNode, String state);

  /** Objects with an entry on this node (at most 10,000), largest first. */
  List<ObjectView> objects();

  /** Placement groups created on this node. */
  List<PlacementGroupView> placementGroups();

  /**
   * Counts by state and resources, as Ray's {@code ray summary}: keys {@code nodes}, {@code jobs},
   * {@code actors}, {@code tasks} and {@code objects} (state → count), {@code taskTotals}, {@code
   * thisNode} (this node's own tasks and totals, which add up over nodes), {@code traffic}, {@code
   * taskLatency} ({@code boundsSeconds}, {@code counts} as a {@code long[]}, {@code sumSeconds}),
   * {@code clusterResources}, {@code availableResources}, {@code objectStore}, {@code
   * unansweredNodes} when a node did not answer, and {@code fenced} (why) while this node is on the
   * minority side of a partition. Plain JDK values, ready to write as JSON.
   */
  Map<String, Object> summary();

  /**
   * Kills an actor wherever it lives, as {@code RayContext.kill}: with {@code noRestart} false it
   * restarts if its {@code maxRestarts} allows. Returns at once; {@link #actors()} shows the
   * outcome.
   *
   * @return what was killed, in words, for an audit log
   * @throws IllegalArgumentException if {@code id} is not an actor id
   * @throws NoSuchElementException if no such actor is known
   * @throws IllegalStateException if the actor is already dead
   */
  String killActor(String id, boolean noRestart);

  /**
   * Cancels a task on the node that owns it, as {@code RayContext.cancel(ref, force, true)}: a
   * waiting or queued task fails with {@code TaskCancelledException}; a running one only if {@code
   * force}, by interrupting its thread, on whichever node it runs.
   *
   * @return what was cancelled, in words, for an audit log
   * @throws NoSuchElementException if no alive node remembers an unfinished task with that id
   */
  String cancelTask(String id, boolean force);

  /**
   * A node's health, as the MicroProfile health checks report it.
   *
   * @param ready the node has joined the cluster and is registered in the GCS
   * @param live the node runs (it may be live and not ready while it joins)
   * @param detail why not, in words, or "ok"
   */
  record Health(boolean ready, boolean live, String detail) {}
}
