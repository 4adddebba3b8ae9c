package io.stingray.raylet.task;

import io.stingray.api.ObjectRef;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ObjectValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Waits, without blocking a thread, for the top-level {@link ObjectRef} arguments of a task or
 * call, then says whether they all exist or which error the first failed one holds (dependents fail
 * with the same error, as in Ray).
 */
public final class Dependencies {
  private Dependencies() {}

  /**
   * Calls {@code then} once every ref in {@code args} is ready: with null, or with the error of the
   * first failed (or unknown) dependency. Runs {@code then} on the calling thread if nothing is
   * pending, else on the thread that completes the last dependency.
   */
  public static void whenReady(ObjectTable table, Object[] args, Consumer<RuntimeException> then) {
    whenReady(table, args, true, then);
  }

  /**
   * As {@link #whenReady(ObjectTable, Object[], Consumer)}; without {@code includeForeign}, refs to
   * other nodes' objects are not waited for (nor fetched here): the node that runs the work gets
   * them.
   */
  public static void whenReady(
      ObjectTable table, Object[] args, boolean includeForeign, Consumer<RuntimeException> then) {
    int n = 0;
    for (Object a : args) {
      if (a instanceof ObjectRef<?> ref && (includeForeign || table.ownedHere(ref.id()))) {
        n++;
      }
    }
    if (n == 0) {
      then.accept(null);
      return;
    }
    AtomicInteger remaining = new AtomicInteger(n);
    Runnable oneDone =
        () -> {
          if (remaining.decrementAndGet() == 0) {
            then.accept(firstError(table, args, includeForeign));
          }
        };
    for (Object a : args) {
      if (a instanceof ObjectRef<?> ref && (includeForeign || table.ownedHere(ref.id()))) {
        CompletableFuture<ObjectValue> f = table.futureOf(ref);
        if (f == null) {
          oneDone.run();
        } else {
          f.whenComplete((v, e) -> oneDone.run());
        }
      }
    }
  }

  private static RuntimeException firstError(
      ObjectTable table, Object[] args, boolean includeForeign) {
    for (Object a : args) {
      if (!(a instanceof ObjectRef<?> ref)) {
        continue;
      }
      boolean waited = includeForeign || table.ownedHere(ref.id());
      ObjectTable.Entry e = table.entry(ref.id());
      if (e == null) {
        if (waited) {
          return new ObjectLostException(
              "argument object " + ref.id().hex() + " was freed or is owned by a lost node");
        }
        continue;
      }
      CompletableFuture<ObjectValue> f = e.future();
      if (f.isDone() && f.join() instanceof ObjectValue.Failed failed) {
        return failed.error();
      }
    }
    return null;
  }
}
