package io.stingray.raylet.task;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectRef;
import io.stingray.api.PlacementGroup;
import io.stingray.api.RayFunction;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.TaskId;
import io.stingray.api.exception.RayTaskException;
import io.stingray.api.exception.TaskCancelledException;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.api.spi.Invocation;
import io.stingray.raylet.cluster.Placement;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.context.BorrowLog;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of tasks, as Ray's {@code TaskSubmitter}: prepares the arguments of tasks
 * submitted on this node, waits for their dependencies, places them (this node's {@link
 * LocalScheduler}, or another node through the {@link WorkSender}), resubmits those lost with a
 * node, and cancels. Running a task is the {@link TaskExecutor}'s; a result is stored through
 * {@link TaskResults}. Thread-safe.
 *
 * <p>Just over 400 lines: the owner's side of a task is one path (arguments, dependencies,
 * placement, dispatch, resubmission, cancel) whose steps hand the same {@link TaskSpec} on; running
 * it is {@link TaskExecutor}'s.
 */
public final class TaskSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSubmitter.class);
  private final NodeId nodeId;
  private final ObjectTable table;
  private final ValueCodec codec;
  private final LocalScheduler scheduler;
  private final PlacementGroups placementGroups;
  private final long idPrefix;
  private final AtomicLong ids = new AtomicLong();
  private final TaskEvents events;
  private final TaskExecutor executor;
  private final io.stingray.raylet.cluster.Membership membership;
  private final TaskResults results;
  private final Placement placement;
  private final WorkSender sender;

  public TaskSubmitter(
      NodeId nodeId,
      ObjectTable table,
      ValueCodec codec,
      LocalScheduler scheduler,
      PlacementGroups placementGroups,
      long idPrefix,
      Placement placement,
      WorkSender sender,
      TaskExecutor executor,
      TaskResults results,
      io.stingray.raylet.cluster.Membership membership) {
    this.membership = membership;
    this.executor = executor;
    this.results = results;
    this.placement = placement;
    this.sender = sender;
    this.nodeId = nodeId;
    this.table = table;
    this.codec = codec;
    this.scheduler = scheduler;
    this.placementGroups = placementGroups;
    this.idPrefix = idPrefix;
    this.events = results.events();
  }

  /** The node of a placement-group bundle (-1: any), or null while the group is not placed. */
  public NodeId bundleNode(PlacementGroup group, int index) {
    return placementGroups.nodeOf(group, index);
  }

  /** The recent tasks this node owns (for the console). */
  public TaskEvents events() {
    return events;
  }

  /** A new task id, unique in the cluster. */
  public TaskId newTaskId() {
    return TaskId.of(idPrefix, ids.incrementAndGet());
  }

  /**
   * Submits a task and returns the ref of its result.
   *
   * @throws UnschedulableException if its resources can never be met here
   */
  <R> ObjectRef<R> submit(Job job, Invocation invocation, TaskOptions options) {
    ResourceSet demand =
        placeDemand(
            options.demand(),
            options.placementGroup,
            options.bundleIndex,
            options.strategy,
            "task " + FunctionNames.of(invocation.function()),
            job.name());
    List<Object> keepAlive = new ArrayList<>(0);
    Object[] args = codec.prepareArgs(invocation.args(), 0, job, keepAlive);
    return start(
        job,
        invocation.function(),
        args,
        keepAlive,
        demand,
        options,
        invocation.returnsVoid(),
        null);
  }

  /**
   * Runs a task another node sent (its arguments prepared there): always on this node.
   *
   * @param borrowed notes the other nodes' objects it borrows while it runs
   * @return the ref of its result, owned by this node until the sender has it
   */
  public ObjectRef<Object> submitHere(
      Job job,
      RayFunction function,
      Object[] args,
      ResourceSet demand,
      String name,
      boolean returnsVoid,
      int maxRetries,
      boolean retryExceptions,
      BorrowLog borrowed) {
    TaskOptions options = new TaskOptions();
    options.name = name;
    options.maxRetries = maxRetries;
    options.retryExceptions = retryExceptions;
    return start(job, function, args, new ArrayList<>(0), demand, options, returnsVoid, borrowed);
  }

  private <R> ObjectRef<R> start(
      Job job,
      RayFunction function,
      Object[] args,
      List<Object> keepAlive,
      ResourceSet demand,
      TaskOptions options,
      boolean returnsVoid,
      BorrowLog sentBy) {
    boolean pinned = sentBy != null;
    WorkerContext worker = WorkerContext.current();
    TaskSpec parent = worker != null && worker.task() instanceof TaskSpec p ? p : null;
    TaskSpec spec =
        new TaskSpec(
            executor,
            newTaskId(),
            job,
            options.name,
            function,
            args,
            keepAlive,
            demand,
            options,
            table.newId(),
            returnsVoid,
            parent,
            sentBy);
    if (!pinned) {
      spec.event = events.submitted(spec, spec.displayName(), nodeId.hex());
    }
    table.create(spec.returnId, spec);
    ObjectRefImpl<R> ref = table.newRef(spec.returnId, job.getter());
    if (parent != null) {
      parent.children.add(spec);
    }
    Dependencies.whenReady(
        table,
        args,
        false, // other nodes' objects are fetched by the node that runs the task
        error -> {
          if (error != null) {
            results.fail(spec, error);
          } else if (!spec.cancelled) {
            dispatch(spec);
          }
        });
    return ref;
  }

  /** Sends a ready task to the node placement picks: this one, or another over gRPC. */
  private void dispatch(TaskSpec spec) {
    NodeId target = nodeId;
    if (spec.group != null && !spec.pinned) {
      NodeId where = placementGroups.nodeOf(spec.group, spec.bundleIndex);
      if (where == null) { // not placed yet: go where its bundle will be
        placementGroups
            .whenPlaced(spec.group)
            .thenAccept(
                placed -> {
                  if (placed) {
                    dispatch(spec);
                  } else {
                    results.fail(
                        spec,
                        new UnschedulableException(
                            "placement group " + spec.group.id().hex() + " was removed"));
                  }
                });
        return;
      }
      target = where;
    } else if (!spec.pinned) {
      try {
        target =
            placement.choose(
                spec.demand, spec.strategy, spec.job.name(), spec.excluded, holder(spec.args));
      } catch (UnschedulableException e) {
        results.fail(spec, e);
        return;
      }
      if (target == null) {
        results.fail(
            spec,
            new UnschedulableException(
                "no alive node can run task "
                    + spec.displayName()
                    + " now (demand "
                    + spec.demand
                    + "; nodes that refused or lost it: "
                    + spec.excluded.size()
                    + ")"));
        return;
      }
    }
    if (target.equals(nodeId)) {
      spec.node = null;
      Dependencies.whenReady(
          table,
          spec.args,
          true, // runs here: fetch other nodes' objects first
          error -> {
            if (error != null) {
              results.fail(spec, error);
            } else if (!spec.cancelled) {
              spec.state = TaskSpec.QUEUED;
              if (spec.event != null) {
                TaskEvents.queued(spec.event, nodeId.hex());
              }
              scheduler.submit(spec, false);
            }
          });
      return;
    }
    NodeId node = target;
    spec.node = node;
    spec.state = TaskSpec.RUNNING;
    if (spec.event != null) {
      TaskEvents.running(spec.event, node.hex());
    }
    sender.sendTask(
        node,
        new WorkSender.TaskWork(
            spec.job,
            spec.function,
            spec.args,
            spec.demand.toMap(),
            spec.name,
            spec.returnsVoid,
            spec.maxRetries,
            spec.retryExceptions,
            spec.returnId,
            spec.id.hex()),
        outcome -> remoteOutcome(spec, node, outcome));
  }

  /** Arguments at least this big draw the task to the node that holds them. */
  static final long LARGE_ARGUMENT_BYTES = 1 << 20;

  /** The node holding the task's largest stored argument (1 MiB or more), or null. */
  private NodeId holder(Object[] args) {
    NodeId best = null;
    long largest = LARGE_ARGUMENT_BYTES - 1;
    for (Object a : args) {
      if (a instanceof ObjectRef<?> ref) {
        ObjectTable.Entry e = table.entry(ref.id());
        ObjectValue v = e == null ? null : e.future().getNow(null);
        if (v instanceof ObjectValue.Stored s && s.size() > largest) {
          largest = s.size();
          best = nodeId; // here already (owned or fetched)
        } else if (v == null && !table.ownedHere(ref.id()) && best == null) {
          best = placement.ownerOf(ref.id()); // not here yet: its owner has it
        }
      }
    }
    return best;
  }

  private void remoteOutcome(TaskSpec spec, NodeId node, WorkSender.Outcome outcome) {
    if (spec.state == TaskSpec.DONE) {
      return; // cancelled meanwhile
    }
    if (outcome instanceof WorkSender.Outcome.Done d) {
      results.finish(spec, d.value(), List.of());
    } else if (spec.cancelled) {
      results.fail(spec, cancelled(spec));
    } else if (outcome instanceof WorkSender.Outcome.Spillback) {
      spec.excluded.add(node);
      dispatch(spec);
    } else if (membership.fenced() != null) {
      results.fail(spec, lost(spec, node, "and is not run again: " + membership.fenced()));
    } else if (spec.maxRetries < 0 || spec.nodeLosses < spec.maxRetries) {
      spec.nodeLosses++;
      spec.excluded.add(node);
      LOG.info(
          "task {} was lost with node {} ({}); resubmitting (attempt {})",
          spec.displayName(),
          node.hex(),
          ((WorkSender.Outcome.Lost) outcome).why(),
          spec.nodeLosses + 1);
      dispatch(spec);
    } else {
      results.fail(
          spec,
          lost(
              spec,
              node,
              "after "
                  + (spec.nodeLosses + 1)
                  + " attempts (maxRetries "
                  + spec.maxRetries
                  + "): "
                  + ((WorkSender.Outcome.Lost) outcome).why()));
    }
  }

  private static RayTaskException lost(TaskSpec spec, NodeId node, String rest) {
    return new RayTaskException(
        "task " + spec.displayName() + " was lost with node " + node.hex() + " " + rest);
  }

  /**
   * Where a task or actor may run, shared by both: the demand in a placement group's bundle
   * resources if it has one, else the demand itself after checking this node could ever meet it; a
   * hard affinity to another node is refused.
   *
   * @param what names the task or actor in the error
   * @throws UnschedulableException if the demand can never be met here
   */
  public ResourceSet placeDemand(
      ResourceSet demand,
      PlacementGroup group,
      int bundleIndex,
      SchedulingStrategy strategy,
      String what,
      String job) {
    ResourceSet placed;
    if (group != null) {
      placed = placementGroups.bundleDemand(group, bundleIndex, demand);
    } else {
      if (!scheduler.feasible(demand)) {
        placement.checkFeasible(demand, job, what); // throws if no alive node ever could
      }
      placed = demand;
    }
    checkAffinity(strategy);
    return placed;
  }

  /** Refuses a hard node affinity to a node that is not an alive member of the cluster. */
  private void checkAffinity(SchedulingStrategy strategy) {
    if (strategy instanceof SchedulingStrategy.NodeAffinity a
        && !a.node().equals(nodeId)
        && !a.soft()
        && !placement.isAlive(a.node())) {
      throw new UnschedulableException(
          "node affinity to " + a.node().hex() + " (not soft) but that node is not in the cluster");
    }
  }

  static TaskCancelledException cancelled(TaskSpec spec) {
    return new TaskCancelledException("task " + spec.displayName() + " was cancelled");
  }

  /**
   * Cancels the task that makes {@code ref}; see {@code RayContext.cancel}. Returns at once; does
   * nothing for finished tasks and put objects.
   */
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    ObjectTable.Entry e = table.entry(ref.id());
    if (e != null && e.producer() instanceof TaskSpec spec) {
      cancel(spec, force, recursive);
    }
  }

  /**
   * Cancels a task owned by this node by its id (the console's action), as {@link
   * #cancel(ObjectRef, boolean, boolean)} with {@code recursive}. Returns false if no task with
   * that id is remembered here as unfinished. With {@code force}, a task running on another node
   * fails here and is interrupted there too.
   */
  public boolean cancel(String taskId, boolean force) {
    TaskSpec spec = events.unfinished(taskId);
    if (spec == null) {
      return false;
    }
    cancel(spec, force, true);
    return true;
  }

  private void cancel(TaskSpec spec, boolean force, boolean recursive) {
    if (spec.state == TaskSpec.DONE) {
      return;
    }
    spec.cancelled = true;
    if (recursive) {
      for (TaskSpec child : List.copyOf(spec.children)) {
        cancel(child, force, true);
      }
    }
    int state = spec.state;
    if (state == TaskSpec.WAITING || state == TaskSpec.QUEUED && scheduler.remove(spec)) {
      results.fail(spec, cancelled(spec));
    } else if (state == TaskSpec.RUNNING && force) {
      spec.running.interrupt(); // only while this very task runs on it
      NodeId there = spec.node;
      if (there != null && !there.equals(nodeId)) {
        sender.cancelThere(there, spec.id.hex(), true); // interrupt it there too
      }
      results.fail(spec, cancelled(spec));
    }
  }
}
