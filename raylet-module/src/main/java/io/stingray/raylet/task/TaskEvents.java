package io.stingray.raylet.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent tasks this node owns, for the console: a ring of the last {@link #CAPACITY} tasks
 * submitted here, each with its current state, where it runs, its timings and its error. Bounded by
 * design (an old task's record is overwritten by a new one), never a growing log. Thread-safe.
 */
public final class TaskEvents {
  /** How many tasks the ring remembers. */
  public static final int CAPACITY = io.stingray.api.admin.ClusterAdmin.TASKS_KEPT_PER_NODE;

  private final Record[] ring = new Record[CAPACITY];
  private long next;
  private final long[] finished = new long[2]; // [succeeded, failed] since the node started

  /**
   * Upper bounds, in seconds, of the task-latency histogram's buckets (submission to result); the
   * last bucket (+Inf) is implied.
   */
  public static final double[] LATENCY_BOUNDS =
      io.stingray.api.admin.ClusterAdmin.TASK_LATENCY_BOUNDS_SECONDS.stream()
          .mapToDouble(Double::doubleValue)
          .toArray();

  private final long[] latencyCounts = new long[LATENCY_BOUNDS.length + 1];
  private long latencyNanosSum;

  /** One task as the console shows it; its fields change as the task moves on. */
  public static final class Record {
    public final String taskId;
    public final String function;
    public final long submittedMillis;
    final long submittedNanos = System.nanoTime();
    volatile TaskSpec spec; // until it ends: what the console's cancel acts on
    volatile String state = "PENDING_ARGS";
    volatile String node;
    volatile long startedMillis;
    volatile long endedMillis;
    volatile String error;

    Record(String taskId, String function, String node) {
      this.taskId = taskId;
      this.function = function;
      this.node = node;
      this.submittedMillis = System.currentTimeMillis();
    }

    /** PENDING_ARGS, QUEUED, RUNNING, FINISHED or FAILED. */
    public String state() {
      return state;
    }

    /** The node it runs (or ran) on. */
    public String node() {
      return node;
    }

    public long startedMillis() {
      return startedMillis;
    }

    public long endedMillis() {
      return endedMillis;
    }

    /** The failure's message, or null. */
    public String error() {
      return error;
    }
  }

  Record submitted(TaskSpec spec, String function, String node) {
    Record r = new Record(spec.id.hex(), function, node);
    r.spec = spec;
    synchronized (ring) {
      ring[(int) (next++ % CAPACITY)] = r;
    }
    return r;
  }

  static void queued(Record r, String node) {
    r.node = node;
    r.state = "QUEUED";
  }

  static void running(Record r, String node) {
    r.node = node;
    r.startedMillis = System.currentTimeMillis();
    r.state = "RUNNING";
  }

  void ended(Record r, RuntimeException error) {
    synchronized (r) {
      if (r.endedMillis != 0) {
        return; // a cancelled task may be failed twice
      }
      r.endedMillis = System.currentTimeMillis();
    }
    r.spec = null;
    long nanos = System.nanoTime() - r.submittedNanos;
    if (r.startedMillis == 0) {
      r.startedMillis = r.endedMillis;
    }
    r.error = error == null ? null : error.getMessage();
    r.state = error == null ? "FINISHED" : "FAILED";
    int bucket = 0;
    while (bucket < LATENCY_BOUNDS.length && nanos > LATENCY_BOUNDS[bucket] * 1e9) {
      bucket++;
    }
    synchronized (ring) {
      finished[error == null ? 0 : 1]++;
      latencyCounts[bucket]++;
      latencyNanosSum += nanos;
    }
  }

  /** The spec of a remembered task that has not ended, or null. */
  TaskSpec unfinished(String taskId) {
    synchronized (ring) {
      for (long i = next - 1; i >= 0 && i >= next - CAPACITY; i--) {
        Record r = ring[(int) (i % CAPACITY)];
        if (r.taskId.equals(taskId)) {
          return r.spec;
        }
      }
    }
    return null;
  }

  /**
   * The latency of every task that ended here since the node started, from submission to result:
   * one count per bucket of {@link #LATENCY_BOUNDS} (not cumulative) and the +Inf bucket last.
   */
  public long[] latencyCounts() {
    synchronized (ring) {
      return latencyCounts.clone();
    }
  }

  /** The sum of the latencies counted in {@link #latencyCounts()}, in seconds. */
  public double latencySecondsSum() {
    synchronized (ring) {
      return latencyNanosSum / 1e9;
    }
  }

  /** The remembered tasks, newest first. */
  public List<Record> recent() {
    List<Record> out = new ArrayList<>();
    synchronized (ring) {
      for (long i = next - 1; i >= 0 && i >= next - CAPACITY; i--) {
        out.add(ring[(int) (i % CAPACITY)]);
      }
    }
    return out;
  }

  /** Tasks submitted here since the node started. */
  public long submittedTotal() {
    synchronized (ring) {
      return next;
    }
  }

  /** Tasks that finished here since the node started: [succeeded, failed]. */
  public long[] finishedTotals() {
    synchronized (ring) {
      return finished.clone();
    }
  }
}
