package io.stingray.raylet;

import io.stingray.api.NodeId;
import io.stingray.api.RayContext;
import io.stingray.raylet.context.Job;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Stingray node without an application server: for tests, benchmarks and plain Java drivers. The
 * JVM that starts it is the driver of one job whose code is this JVM's class path.
 *
 * <pre>{@code
 * try (RayNode node = RayNode.start(NodeConfig.builder().numCpus(2).build())) {
 *   RayContext ray = node.context();
 *   ObjectRef<Integer> r = ray.task(Math::abs, -1).remote();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Worker threads are daemon threads named {@code stingray-worker-N}.
 */
public final class RayNode implements AutoCloseable {
  private final Raylet raylet;
  private final Job driver;
  private final ExecutorService workers;

  private RayNode(Raylet raylet, Job driver, ExecutorService workers) {
    this.raylet = raylet;
    this.driver = driver;
    this.workers = workers;
  }

  /**
   * Starts a node and joins (or forms) its cluster; blocks until joined (1–3 s).
   *
   * @throws IllegalArgumentException for a bad config
   * @throws io.stingray.gcs.GcsException if the cluster cannot be joined
   */
  public static RayNode start(NodeConfig config) {
    ExecutorService workers = newWorkerPool();
    try {
      Raylet raylet = Raylet.start(config, workers);
      Job job =
          raylet.startJob(
              "driver",
              Thread.currentThread().getContextClassLoader() != null
                  ? Thread.currentThread().getContextClassLoader()
                  : RayNode.class.getClassLoader(),
              config.namespace(),
              config.allowedClasses(),
              config.strictClassFilter());
      return new RayNode(raylet, job, workers);
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
  }

  @SuppressWarnings("removal") // AccessController: still what a new thread's context comes from
  private static ExecutorService newWorkerPool() {
    AtomicInteger n = new AtomicInteger();
    // a worker is made inside whichever call needs one, often an application's: made privileged,
    // it does not inherit that caller's security context (the protection domains of its classes,
    // and with them its class loader, which an ended application could then never give back)
    ThreadFactory tf =
        r ->
            java.security.AccessController.doPrivileged(
                (java.security.PrivilegedAction<Thread>)
                    () -> {
                      Thread t = // no inheritable thread locals of the caller either
                          new Thread(null, r, "stingray-worker-" + n.incrementAndGet(), 0, false);
                      t.setDaemon(true);
                      t.setContextClassLoader(RayNode.class.getClassLoader());
                      return t;
                    });
    // Unbounded on purpose: the scheduler bounds concurrency by resources; threads beyond
    // the CPU count exist only while workers are blocked in get/wait or run zero-CPU work.
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), tf);
  }

  /** This node's id. */
  public NodeId id() {
    return raylet.nodeId();
  }

  /** The driver's context: submit tasks, create actors, put and get objects. */
  public RayContext context() {
    return driver.context();
  }

  /**
   * The state and admin SPI of this node (what the admin console reads inside a server): views of
   * nodes, jobs, actors, tasks, objects and placement groups, health, kill and cancel.
   */
  public io.stingray.api.admin.ClusterAdmin admin() {
    return raylet.admin();
  }

  /** The node runtime (metrics, tests). */
  public Raylet raylet() {
    return raylet;
  }

  /** Stops the node: kills its actors, leaves the cluster, frees the store. Idempotent. */
  @Override
  public void close() {
    try {
      raylet.close();
    } finally {
      workers.shutdownNow();
    }
  }
}
