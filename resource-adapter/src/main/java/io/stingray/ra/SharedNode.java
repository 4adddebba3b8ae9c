package io.stingray.ra;

import io.stingray.raylet.Raylet;
import io.stingray.raylet.context.Job;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The one node of this server, however many times the container activates the adapter. WildFly
 * activates it once for the RAR ({@code META-INF/ironjacamar.xml}) and once more for every
 * application whose {@code @ConnectionFactoryDefinition} names it; every activation shares the
 * first one's node and jobs, and the node stops when the last activation stops. Payara activates
 * the adapter once. Static because activations share nothing else but the adapter's class loader.
 * Thread-safe.
 */
final class SharedNode {
  private static SharedNode current;
  private static int activations;

  final Raylet raylet;
  private final Map<ClassLoader, Job> jobs = new WeakHashMap<>();
  private final ReleasedLoaders released = new ReleasedLoaders(System::nanoTime);
  private final Timer timer;
  final ConnectionCounts counts = new ConnectionCounts();

  /**
   * @param timer the container's timer ({@code BootstrapContext.createTimer}) that checks the ended
   *     applications' loaders every {@link #CHECK_EVERY_MS} ms; null for none
   */
  SharedNode(Raylet raylet, Timer timer) {
    this.raylet = raylet;
    this.timer = timer;
    counts.register();
    if (timer != null) {
      timer.schedule(
          new TimerTask() {
            @Override
            public void run() {
              released.check();
            }
          },
          CHECK_EVERY_MS,
          CHECK_EVERY_MS);
    }
  }

  static final long CHECK_EVERY_MS = 5_000;

  /**
   * The running node, started by {@code start} if no activation holds one.
   *
   * @throws RuntimeException whatever {@code start} throws; no activation is counted then
   */
  static synchronized SharedNode acquire(Supplier<SharedNode> start) {
    if (current == null) {
      current = start.get();
    }
    activations++;
    return current;
  }

  /** Ends an activation; true if it was the last one, whose caller must close the node. */
  static synchronized boolean release(SharedNode node) {
    if (node != current) {
      return false;
    }
    if (--activations == 0) {
      current = null;
      node.counts.unregister();
      if (node.timer != null) {
        node.timer.cancel();
      }
      return true;
    }
    return false;
  }

  /** The job of the application with this class loader, made by {@code make} on first use. */
  synchronized Job jobFor(ClassLoader loader, Supplier<Job> make) {
    return jobs.computeIfAbsent(loader, l -> make.get());
  }

  /** Forgets a job (its application stopped), so that nothing here holds its class loader. */
  void remove(Job job) {
    synchronized (this) {
      jobs.values().remove(job);
    }
    released.ended(job.name(), job.classLoader());
  }
}
