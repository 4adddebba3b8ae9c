package io.stingray.console.state;

import io.stingray.api.admin.ClusterAdmin;
import io.stingray.console.AdminLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges of this server's node at {@code /metrics} (MicroProfile Metrics, Prometheus text), all
 * named {@code stingray_*}: nodes and actors by state (cluster-wide, the same on every server);
 * tasks by state, task totals and latency, object store bytes, object transfers and spillbacks (of
 * this server's node only, so that they add up over servers); cluster CPUs. A scrape reads one
 * summary of the node (at most one per second, however many gauges ask); without a node every gauge
 * reads 0.
 *
 * <p>The task latency is a Prometheus-style histogram ({@code stingray_task_latency_seconds_bucket}
 * with cumulative {@code le} buckets, {@code _sum} and {@code _count}) exposed as gauges, because
 * MicroProfile Metrics histograms cannot be fed from the adapter's counts; {@code
 * histogram_quantile()} works on them as on any histogram.
 */
@ApplicationScoped
public class StingrayMetrics {
  private static final String[] ACTOR_STATES = {"PENDING_CREATION", "ALIVE", "RESTARTING", "DEAD"};
  private static final String[] TASK_STATES = {
    "PENDING_ARGS", "QUEUED", "RUNNING", "FINISHED", "FAILED"
  };

  @Inject MetricRegistry registry;
  private volatile Snapshot last = new Snapshot(0, Map.of());

  private record Snapshot(long atNanos, Map<String, Object> summary) {}

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (String state : new String[] {"ALIVE", "DEAD"}) {
      gauge("stingray_nodes", s -> count(s.get("nodes"), state), new Tag("state", state));
    }
    for (String state : ACTOR_STATES) {
      gauge("stingray_actors", s -> count(s.get("actors"), state), new Tag("state", state));
    }
    for (String state : TASK_STATES) {
      gauge("stingray_tasks", s -> count(here(s, "tasks"), state), new Tag("state", state));
    }
    gauge("stingray_tasks_submitted_total", s -> count(here(s, "taskTotals"), "submitted"));
    gauge("stingray_tasks_failed_total", s -> count(here(s, "taskTotals"), "failed"));
    gauge("stingray_object_store_used_bytes", s -> count(s.get("objectStore"), "usedBytes"));
    gauge("stingray_object_store_spilled_bytes", s -> count(s.get("objectStore"), "spilledBytes"));
    gauge(
        "stingray_object_store_capacity_bytes", s -> count(s.get("objectStore"), "capacityBytes"));
    gauge("stingray_object_transfers_total", s -> count(s.get("traffic"), "pulls"));
    gauge("stingray_object_transfer_bytes_total", s -> count(s.get("traffic"), "pulledBytes"));
    gauge("stingray_object_transfers_in_flight", s -> count(s.get("traffic"), "pullsInFlight"));
    gauge("stingray_spillbacks_total", s -> count(s.get("traffic"), "spillbacks"));
    gauge("stingray_object_pulls_served_total", s -> count(s.get("traffic"), "pullsServed"));
    gauge(
        "stingray_object_checksum_failures_total",
        s -> count(s.get("traffic"), "checksumFailures"));
    gauge("stingray_cluster_cpus", s -> count(s.get("clusterResources"), "CPU"));
    gauge("stingray_available_cpus", s -> count(s.get("availableResources"), "CPU"));
    double[] bounds =
        ClusterAdmin.TASK_LATENCY_BOUNDS_SECONDS.stream()
            .mapToDouble(Double::doubleValue)
            .toArray();
    for (int i = 0; i <= bounds.length; i++) {
      String le =
          i == bounds.length
              ? "+Inf"
              : java.math.BigDecimal.valueOf(bounds[i]).stripTrailingZeros().toPlainString();
      int upTo = i;
      gauge(
          "stingray_task_latency_seconds_bucket",
          s -> cumulative(s.get("taskLatency"), upTo),
          new Tag("le", le));
    }
    gauge(
        "stingray_task_latency_seconds_count",
        s -> cumulative(s.get("taskLatency"), bounds.length));
    gauge("stingray_task_latency_seconds_sum", s -> count(s.get("taskLatency"), "sumSeconds"));
  }

  private void gauge(String name, ToDoubleFunction<Map<String, Object>> read, Tag... tags) {
    registry.gauge(name, this, self -> self.read(read), tags);
  }

  private double read(ToDoubleFunction<Map<String, Object>> read) {
    Snapshot s = last;
    if (System.nanoTime() - s.atNanos() > 1_000_000_000L || s.summary().isEmpty()) {
      try {
        s = new Snapshot(System.nanoTime(), AdminLookup.find().summary());
      } catch (RuntimeException | LinkageError e) { // the adapter is missing or stopping
        s = new Snapshot(System.nanoTime(), Map.of());
      }
      last = s;
    }
    return read.applyAsDouble(s.summary());
  }

  private static double count(Object byKey, String key) {
    return byKey instanceof Map<?, ?> m && m.get(key) instanceof Number n ? n.doubleValue() : 0.0;
  }

  /** This server's node's own part of the summary (so that summing over servers is right). */
  private static Object here(Map<String, Object> summary, String key) {
    return summary.get("thisNode") instanceof Map<?, ?> m ? m.get(key) : null;
  }

  private static double cumulative(Object latency, int upTo) {
    if (latency instanceof Map<?, ?> m && m.get("counts") instanceof long[] counts) {
      long sum = 0;
      for (int i = 0; i <= upTo && i < counts.length; i++) {
        sum += counts[i];
      }
      return sum;
    }
    return 0.0;
  }
}
