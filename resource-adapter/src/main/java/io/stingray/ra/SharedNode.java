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
  // removed explicitly as each application ends (a Job holds its loader, so weak keys never clear)
  private final Map<ClassLoader, Job> jobs = new java.util.HashMap<>();
  // the loaders of ended applications, weakly: they may not start a job again
  private final java.util.Set<ClassLoader> ended =
      java.util.Collections.newSetFromMap(new WeakHashMap<>());
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

  /**
   * Ends an activation; the last one runs {@code close} on the node, still under this class's lock,
   * so that a new activation (the RAR deployed again) waits for the old node to let go of its
   * ports.
   */
  static synchronized void release(SharedNode node, java.util.function.Consumer<Raylet> close) {
    if (node != current || --activations > 0) {
      return;
    }
    current = null;
    node.counts.unregister();
    if (node.timer != null) {
      node.timer.cancel();
    }
    close.accept(node.raylet);
  }

  /** The running node, or null: applications' jobs end through it whichever activation asks. */
  static synchronized SharedNode current() {
    return current;
  }

  /**
   * The job of the application with this class loader, made by {@code make} on first use.
   *
   * @throws IllegalStateException if that application's job already ended (it is stopping: work it
   *     still submits must not start a job nobody ends, which would keep it loaded)
   */
  synchronized Job jobFor(ClassLoader loader, Supplier<Job> make) {
    if (ended.contains(loader)) {
      throw new IllegalStateException(
          "this application's Stingray job has ended (the application is stopping)");
    }
    return jobs.computeIfAbsent(loader, l -> make.get());
  }

  /** Forgets a job (its application stopped), so that nothing here holds its class loader. */
  void remove(Job job) {
    synchronized (this) {
      jobs.values().remove(job);
      ended.add(job.classLoader());
    }
    released.ended(job.name() + " (job " + job.id().hex() + ")", job.classLoader());
  }
}
