package io.stingray.raylet.runtime;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.api.RuntimeContext;
import io.stingray.api.TaskId;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import java.util.List;
import java.util.function.Supplier;

/** {@link RuntimeContext}: reads the calling thread's {@link WorkerContext} at each call. */
final class RuntimeContextImpl implements RuntimeContext {
  private final Job job;
  private final NodeId node;
  private final Supplier<List<NodeInfo>> nodes;

  RuntimeContextImpl(Job job, NodeId node, Supplier<List<NodeInfo>> nodes) {
    this.job = job;
    this.node = node;
    this.nodes = nodes;
  }

  @Override
  public JobId currentJobId() {
    WorkerContext w = WorkerContext.current();
    return w == null ? job.id() : w.job().id();
  }

  @Override
  public NodeId currentNodeId() {
    return node;
  }

  @Override
  public TaskId currentTaskId() {
    WorkerContext w = WorkerContext.current();
    return w == null ? null : w.taskId();
  }

  @Override
  public ActorId currentActorId() {
    WorkerContext w = WorkerContext.current();
    return w == null || w.actor() == null ? null : w.actor().actorId();
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    WorkerContext w = WorkerContext.current();
    if (w == null || w.actor() == null) {
      throw new IllegalStateException("wasCurrentActorRestarted() works only inside an actor");
    }
    return w.actor().wasRestarted();
  }

  @Override
  public String namespace() {
    WorkerContext w = WorkerContext.current();
    return w == null ? job.namespace() : w.job().namespace();
  }

  @Override
  public List<NodeInfo> nodes() {
    return nodes.get();
  }
}
