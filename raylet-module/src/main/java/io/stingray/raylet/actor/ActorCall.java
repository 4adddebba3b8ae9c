package io.stingray.raylet.actor;

import io.stingray.api.ObjectId;
import io.stingray.api.RayFunction;
import io.stingray.api.TaskId;
import java.util.List;

/** One call of an actor method waiting in, or taken from, the actor's mailbox. */
final class ActorCall implements io.stingray.raylet.context.BorrowLog.Holder {
  final TaskId id;
  final ObjectId returnId;
  final RayFunction method;
  final Object[] args;
  final List<Object> keepAlive;
  final boolean returnsVoid;
  int retriesLeft;
  volatile boolean ready;
  volatile RuntimeException dependencyError;
  final io.stingray.raylet.scheduler.RunningThread running =
      new io.stingray.raylet.scheduler.RunningThread();
  // what it borrowed while it ran, for the answer to a caller on another node (null: local)
  volatile io.stingray.raylet.context.BorrowLog borrowLog;

  ActorCall(
      TaskId id,
      ObjectId returnId,
      RayFunction method,
      Object[] args,
      List<Object> keepAlive,
      boolean returnsVoid,
      int retries) {
    this.id = id;
    this.returnId = returnId;
    this.method = method;
    this.args = args;
    this.keepAlive = keepAlive;
    this.returnsVoid = returnsVoid;
    this.retriesLeft = retries;
  }

  @Override
  public io.stingray.raylet.context.BorrowLog borrowLog() {
    return borrowLog;
  }
}
