package io.stingray.ra;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the class loaders of applications whose jobs ended (undeployed or stopped) and says in
 * the server's log when each is collected, or, once, that one is still reachable {@link #PATIENCE}
 * after its end: a leak that keeps every class of the application in metaspace and grows it on each
 * redeploy. Holds the loaders weakly. Thread-safe.
 */
final class ReleasedLoaders {
  /** How long a loader may stay reachable after its job ended before a warning says so. */
  static final long PATIENCE = TimeUnit.MINUTES.toNanos(5);

  private static final Logger LOG = Logger.getLogger(ReleasedLoaders.class.getName());

  private final LongSupplier clock;
  private final List<Released> released = new ArrayList<>();

  ReleasedLoaders(LongSupplier clock) {
    this.clock = clock;
  }

  private static final class Released {
    final String application;
    final WeakReference<ClassLoader> loader;
    final long endedAt;
    boolean warned;

    Released(String application, ClassLoader loader, long endedAt) {
      this.application = application;
      this.loader = new WeakReference<>(loader);
      this.endedAt = endedAt;
    }
  }

  /** Starts watching the loader of an application whose job just ended. */
  synchronized void ended(String application, ClassLoader loader) {
    released.add(new Released(application, loader, clock.getAsLong()));
  }

  /**
   * Logs every watched loader collected since the last check (and stops watching it), and warns
   * once about each one still reachable after {@link #PATIENCE}.
   *
   * @return the applications whose loaders are still reachable
   */
  synchronized List<String> check() {
    long now = clock.getAsLong();
    List<String> reachable = new ArrayList<>();
    for (Iterator<Released> it = released.iterator(); it.hasNext(); ) {
      Released r = it.next();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(now - r.endedAt);
      if (r.loader.get() == null) {
        it.remove();
        LOG.info(
            "Stingray: the classes of application "
                + r.application
                + " were unloaded (its class loader was collected, within "
                + (seconds + 1)
                + " s of its job's end)");
      } else {
        reachable.add(r.application);
        if (!r.warned && now - r.endedAt >= PATIENCE) {
          r.warned = true;
          LOG.log(
              Level.WARNING,
              "Stingray: application "
                  + r.application
                  + " ended "
                  + seconds
                  + " s ago but its class loader is still reachable: its classes stay in"
                  + " metaspace, and each redeploy adds another copy (a heap dump's path from a GC"
                  + " root to the loader names what holds it)");
        }
      }
    }
    return reachable;
  }
}
