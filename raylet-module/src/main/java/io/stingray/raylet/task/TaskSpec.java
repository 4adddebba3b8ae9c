package io.stingray.raylet.task;

import io.stingray.api.ObjectId;
import io.stingray.api.RayFunction;
import io.stingray.api.TaskId;
import io.stingray.raylet.context.BorrowLog;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One submitted task: what to run, with which prepared arguments, holding which resources, and
 * where its result goes. Holds its argument refs (keeping them alive) until it finishes.
 */
final class TaskSpec
    implements LocalScheduler.Work,
        BorrowLog.Holder,
        io.stingray.raylet.object.ObjectTable.Progress {
  static final int WAITING = 0;
  static final int QUEUED = 1;
  static final int RUNNING = 2;
  static final int DONE = 3;

  final TaskId id;
  final Job job;
  final String name;
  final RayFunction function;
  volatile Object[] args;
  volatile List<Object> keepAlive;
  final ResourceSet demand;
  final int maxRetries;
  final boolean retryExceptions;
  final ObjectId returnId;
  final boolean returnsVoid;
  final TaskSpec parent;
  final io.stingray.api.SchedulingStrategy strategy;

  /** Runs here whatever the load (work another node sent, or a placement group's). */
  final boolean pinned;

  // what it borrowed while it ran, for the answer to the node that sent it (null: no node did)
  private final BorrowLog borrowLog;

  /** Its placement group (it runs where its bundle is), or null. */
  final io.stingray.api.PlacementGroup group;

  final int bundleIndex;

  /** Another node sent it: its top-level refs were made for it alone. */
  final boolean sentByPeer;

  /** Nodes that refused or lost this task, not to be picked again for it. */
  final Set<io.stingray.api.NodeId> excluded = ConcurrentHashMap.newKeySet();

  /** The node running it when that is another node, else null. */
  volatile io.stingray.api.NodeId node;

  int nodeLosses;

  /** What the console shows of it (null for work another node sent: its owner shows it). */
  TaskEvents.Record event;

  private final TaskExecutor executor;
  final Set<TaskSpec> children = ConcurrentHashMap.newKeySet();
  volatile int state = WAITING;
  volatile boolean cancelled;
  final io.stingray.raylet.scheduler.RunningThread running =
      new io.stingray.raylet.scheduler.RunningThread();
  int attempts;

  TaskSpec(
      TaskExecutor executor,
      TaskId id,
      Job job,
      String name,
      RayFunction function,
      Object[] args,
      List<Object> keepAlive,
      ResourceSet demand,
      TaskOptions options,
      ObjectId returnId,
      boolean returnsVoid,
      TaskSpec parent,
      BorrowLog sentBy) {
    this.executor = executor;
    this.id = id;
    this.job = job;
    this.name = name;
    this.function = function;
    this.args = args;
    this.keepAlive = keepAlive;
    this.demand = demand;
    this.maxRetries = options.maxRetries;
    this.retryExceptions = options.retryExceptions;
    this.returnId = returnId;
    this.returnsVoid = returnsVoid;
    this.parent = parent;
    this.strategy = options.strategy;
    this.pinned = sentBy != null;
    this.borrowLog = sentBy;
    this.sentByPeer = pinned;
    this.group = options.placementGroup;
    this.bundleIndex = options.bundleIndex;
  }

  String displayName() {
    return name != null ? name : FunctionNames.of(function);
  }

  @Override
  public String progress() {
    io.stingray.api.NodeId there = node;
    String where =
        switch (state) {
          case WAITING -> "waits for its arguments";
          case QUEUED -> "is queued on this node for " + demand;
          case RUNNING ->
              there == null
                  ? "is running on this node"
                  : "was sent to node " + there.hex() + ", which has not answered";
          default -> "has ended";
        };
    return "its task "
        + displayName()
        + " "
        + where
        + (attempts > 0 ? " (attempt " + (attempts + 1) + ")" : "");
  }

  boolean mayRetry() {
    return maxRetries < 0 || attempts < maxRetries;
  }

  @Override
  public ResourceSet demand() {
    return demand;
  }

  @Override
  public void run() {
    executor.execute(this);
  }

  @Override
  public void abandon(RuntimeException why) {
    executor.abandon(this, why);
  }

  @Override
  public BorrowLog borrowLog() {
    return borrowLog;
  }
}
