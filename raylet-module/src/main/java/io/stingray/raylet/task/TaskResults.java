package io.stingray.raylet.task;

import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import java.util.List;

/**
 * Where a task ends, on either side: its result (or failure) goes into the object table, its event
 * is closed, and what it held for its arguments is let go. Thread-safe; a task ends once.
 */
public final class TaskResults {
  private final ObjectTable table;
  private final TaskEvents events = new TaskEvents();

  public TaskResults(ObjectTable table) {
    this.table = table;
  }

  /** The recent tasks this node owns (for the console). */
  TaskEvents events() {
    return events;
  }

  /** Fails a task's result (dependency failed, cancelled, abandoned). */
  void fail(TaskSpec spec, RuntimeException error) {
    finish(spec, new ObjectValue.Failed(error), List.of());
  }

  void finish(TaskSpec spec, ObjectValue value, List<Object> contained) {
    spec.state = TaskSpec.DONE;
    if (spec.event != null) {
      events.ended(spec.event, value instanceof ObjectValue.Failed f ? f.error() : null);
    }
    table.complete(spec.returnId, value, contained);
    Object[] args = spec.args;
    if (spec.sentByPeer && args != null) {
      for (Object a : args) {
        if (a instanceof ObjectRefImpl<?> ref) {
          table.releaseNow(ref); // made for this work only: drop the fetched copy now
        }
      }
    }
    spec.args = null;
    spec.keepAlive = null;
    if (spec.parent != null) {
      spec.parent.children.remove(spec);
    }
  }
}
