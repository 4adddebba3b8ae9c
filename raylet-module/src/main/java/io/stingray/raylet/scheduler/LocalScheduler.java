package io.stingray.raylet.scheduler;

import io.stingray.api.exception.RayException;
import io.stingray.api.exception.UnschedulableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Runs work on this node's worker threads as resources allow. Work waits in FIFO queues, one per
 * resource shape (Ray's scheduling classes), so a task needing a busy GPU never blocks tasks
 * needing only CPU. A worker thread that finishes a task takes the next one that fits without a
 * hand-off, which is what makes many small tasks cheap. A worker blocked in {@code get}/{@code
 * wait} gives its resources back ({@link #blocked}) so nested tasks cannot deadlock the node.
 *
 * <p>Thread-safe; one lock guards the queues and the resource pool.
 */
public final class LocalScheduler {
  /** Something to run with resources held. */
  public interface Work {
    /** The resources held while it runs. */
    ResourceSet demand();

    /** Runs on a worker thread. Must not throw (failures are the work's own business). */
    void run();

    /** Whether the resources stay held after {@link #run()} (an actor's lifetime resources). */
    default boolean keepsResources() {
      return false;
    }

    /** Called instead of {@link #run()} when the work can never run (resources removed). */
    void abandon(RuntimeException why);
  }

  private final Object lock = new Object();
  private final Map<String, Double> total = new HashMap<>();
  private final Map<String, Double> available = new HashMap<>();
  private final LinkedHashMap<ResourceSet, ArrayDeque<Work>> queues = new LinkedHashMap<>();
  private final Executor executor;
  private int queued;
  private int running;

  /**
   * @param resources the node's total resources
   * @param executor supplies worker threads (a pool in plain Java, the WorkManager in a server)
   */
  public LocalScheduler(Map<String, Double> resources, Executor executor) {
    ResourceSet.of(resources).giveBack(total);
    available.putAll(total);
    this.executor = executor;
  }

  /**
   * How busy the node is, for placement: CPUs in use plus queued work, over the node's CPUs (0 =
   * idle, 1 = every CPU busy, above 1 = work waiting).
   */
  public double utilisation() {
    synchronized (lock) {
      double cpus = total.getOrDefault("CPU", 0.0);
      double busy = cpus - available.getOrDefault("CPU", 0.0) + queued;
      return cpus > 0 ? busy / cpus : (queued > 0 ? Double.MAX_VALUE : 0);
    }
  }

  /** Whether this node could ever run the demand (with all its resources free). */
  public boolean feasible(ResourceSet demand) {
    synchronized (lock) {
      return demand.fitsIn(total);
    }
  }

  /**
   * Queues work, or starts it at once if it fits and nothing of its shape waits.
   *
   * @param checkFeasible whether to refuse work this node could never run
   * @throws UnschedulableException if {@code checkFeasible} and the demand exceeds the node's total
   *     resources
   */
  public void submit(Work work, boolean checkFeasible) {
    ResourceSet demand = work.demand();
    boolean start;
    synchronized (lock) {
      if (checkFeasible && !demand.fitsIn(total)) {
        throw new UnschedulableException(
            "no node can satisfy the resource demand " + demand + "; the node has " + total);
      }
      ArrayDeque<Work> q = queues.get(demand);
      start = (q == null || q.isEmpty()) && demand.fitsIn(available);
      if (start) {
        demand.takeFrom(available);
        running++;
      } else {
        queues.computeIfAbsent(demand, d -> new ArrayDeque<>()).add(work);
        queued++;
      }
    }
    if (start) {
      start(work);
    }
  }

  /**
   * Hands work that holds its resources to a worker thread. If the executor refuses (a server's
   * WorkManager at its limit, or stopping), the resources go back and the work is abandoned with
   * the reason: nothing stays taken by work that will never run.
   */
  private void start(Work w) {
    try {
      executor.execute(() -> workerLoop(w));
    } catch (RejectedExecutionException refused) {
      synchronized (lock) {
        running--;
        w.demand().giveBack(available);
      }
      w.abandon(
          new RayException(
              "this node's worker threads refused the work (" + refused.getMessage() + ")",
              refused));
    }
  }

  private void workerLoop(Work first) {
    Work w = first;
    while (w != null) {
      try {
        w.run();
      } finally {
        List<Work> extra;
        synchronized (lock) {
          running--;
          if (!w.keepsResources()) {
            w.demand().giveBack(available);
          }
          w = takeFitting();
          if (w != null) {
            running++;
          }
          extra = drainFitting();
        }
        startAll(extra);
      }
    }
  }

  /** Takes the first queued work that fits, and takes its resources. Caller holds the lock. */
  private Work takeFitting() {
    for (Iterator<ArrayDeque<Work>> it = queues.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Work> q = it.next();
      Work head = q.peek();
      if (head == null) {
        it.remove();
        continue;
      }
      if (head.demand().fitsIn(available)) {
        q.poll();
        queued--;
        head.demand().takeFrom(available);
        return head;
      }
    }
    return null;
  }

  /** Takes every queued work that fits now. Caller holds the lock. */
  private List<Work> drainFitting() {
    List<Work> started = null;
    Work w;
    while (queued > 0 && (w = takeFitting()) != null) {
      if (started == null) {
        started = new ArrayList<>();
      }
      started.add(w);
      running++;
    }
    return started;
  }

  private void startAll(List<Work> works) {
    if (works != null) {
      for (Work w : works) {
        start(w);
      }
    }
  }

  /** A worker running work of this demand blocks: its resources go to queued work meanwhile. */
  public void blocked(ResourceSet demand) {
    List<Work> started;
    synchronized (lock) {
      demand.giveBack(available);
      started = drainFitting();
    }
    startAll(started);
  }

  /** The blocked worker resumes: it takes its resources back, even past the total for a while. */
  public void unblocked(ResourceSet demand) {
    synchronized (lock) {
      demand.takeFrom(available);
    }
  }

  /** Gives back resources held past {@link Work#run()} (a dead actor's). */
  public void release(ResourceSet demand) {
    List<Work> started;
    synchronized (lock) {
      demand.giveBack(available);
      started = drainFitting();
    }
    startAll(started);
  }

  /**
   * Takes resources now if they are free, without running anything.
   *
   * @return whether they were taken
   */
  public boolean tryTake(ResourceSet demand) {
    synchronized (lock) {
      if (!demand.fitsIn(available)) {
        return false;
      }
      demand.takeFrom(available);
      return true;
    }
  }

  /** Adds resources to the node (a reserved placement-group bundle). */
  public void addResources(ResourceSet amount) {
    List<Work> started;
    synchronized (lock) {
      amount.giveBack(total);
      amount.giveBack(available);
      started = drainFitting();
    }
    startAll(started);
  }

  /**
   * Removes resources whose names match, and abandons queued work that needs them.
   *
   * @return the amounts that were removed from the total
   */
  public Map<String, Double> removeResources(Predicate<String> names, RuntimeException why) {
    List<Work> abandoned = new ArrayList<>();
    Map<String, Double> removed = new HashMap<>();
    synchronized (lock) {
      for (Iterator<Map.Entry<String, Double>> it = total.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Double> e = it.next();
        if (names.test(e.getKey())) {
          removed.put(e.getKey(), e.getValue());
          it.remove();
          available.remove(e.getKey());
        }
      }
      for (Iterator<ArrayDeque<Work>> it = queues.values().iterator(); it.hasNext(); ) {
        ArrayDeque<Work> q = it.next();
        Work head = q.peek();
        if (head != null && head.demand().anyName(names)) {
          abandoned.addAll(q);
          queued -= q.size();
          it.remove();
        }
      }
    }
    for (Work w : abandoned) {
      w.abandon(why);
    }
    return removed;
  }

  /**
   * Takes amounts off resources (part of a resource shared by several placement-group bundles): a
   * resource that reaches zero is removed, and queued work that needs it abandoned with {@code
   * why}. Work running with the amount keeps it until it ends.
   */
  public void reduceResources(ResourceSet amount, RuntimeException why) {
    Map<String, Double> reduced = amount.toMap();
    Set<String> gone = new java.util.HashSet<>();
    synchronized (lock) {
      reduced.forEach(
          (name, q) -> {
            double left = total.getOrDefault(name, 0.0) - q;
            if (left <= 1e-9) {
              gone.add(name);
            } else {
              total.put(name, left);
              available.merge(name, -q, Double::sum);
            }
          });
    }
    if (!gone.isEmpty()) {
      removeResources(gone::contains, why);
    }
  }

  /**
   * Removes one queued work (a cancelled task).
   *
   * @return whether it was still queued
   */
  public boolean remove(Work work) {
    synchronized (lock) {
      ArrayDeque<Work> q = queues.get(work.demand());
      if (q != null && q.remove(work)) {
        queued--;
        return true;
      }
      return false;
    }
  }

  /** The node's total resources. */
  public Map<String, Double> total() {
    synchronized (lock) {
      return new HashMap<>(total);
    }
  }

  /** Resources free now (never below zero in the view returned). */
  public Map<String, Double> available() {
    synchronized (lock) {
      Map<String, Double> m = new HashMap<>();
      available.forEach((k, v) -> m.put(k, Math.max(0, v)));
      return m;
    }
  }

  /** Work waiting for resources now. */
  public int queuedCount() {
    synchronized (lock) {
      return queued;
    }
  }

  /** Work running now. */
  public int runningCount() {
    synchronized (lock) {
      return running;
    }
  }
}
