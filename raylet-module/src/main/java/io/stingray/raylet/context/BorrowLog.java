package io.stingray.raylet.context;

import io.stingray.api.ObjectId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other nodes' objects this node began to borrow while one piece of work ran (refs nested in
 * its arguments, refs it read): that work's answer waits for exactly these owners to acknowledge,
 * not for every borrowing of the node, so that one slow owner holds up only the work that borrowed
 * from it. Thread-safe.
 */
public final class BorrowLog {
  /** Work that keeps a log (a task or an actor call running here for another node). */
  public interface Holder {
    /** Its log, or null if it keeps none. */
    BorrowLog borrowLog();
  }

  private final Set<ObjectId> ids = ConcurrentHashMap.newKeySet();

  /** The objects noted so far. */
  public Set<ObjectId> ids() {
    return Set.copyOf(ids);
  }

  /** Notes {@code id} on the log of the work running on this thread, if it keeps one. */
  public static void noteForCurrentWork(ObjectId id) {
    WorkerContext c = WorkerContext.current();
    BorrowLog log = c != null && c.task() instanceof Holder h ? h.borrowLog() : null;
    if (log != null) {
      log.ids.add(id);
    }
  }
}
