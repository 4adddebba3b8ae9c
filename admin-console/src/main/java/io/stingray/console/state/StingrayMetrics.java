package io.stingray.console.state;

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
 * named {@code stingray_*}: nodes and actors by state, object store bytes, cluster CPUs. A gauge
 * reads the GCS replica when scraped; without a node it reads 0.
 */
@ApplicationScoped
public class StingrayMetrics {
  private static final String[] ACTOR_STATES = {"PENDING_CREATION", "ALIVE", "RESTARTING", "DEAD"};
  private static final String[] TASK_STATES = {
    "PENDING_ARGS", "QUEUED", "RUNNING", "FINISHED", "FAILED"
  };

  @Inject MetricRegistry registry;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (String state : new String[] {"ALIVE", "DEAD"}) {
      gauge("stingray_nodes", s -> count(s.summary().get("nodes"), state), new Tag("state", state));
    }
    for (String state : ACTOR_STATES) {
      gauge(
          "stingray_actors", s -> count(s.summary().get("actors"), state), new Tag("state", state));
    }
    for (String state : TASK_STATES) {
      gauge("stingray_tasks", s -> count(s.summary().get("tasks"), state), new Tag("state", state));
    }
    gauge("stingray_tasks_submitted_total", s -> count(s.summary().get("taskTotals"), "submitted"));
    gauge("stingray_tasks_failed_total", s -> count(s.summary().get("taskTotals"), "failed"));
    gauge("stingray_object_store_used_bytes", s -> store(s, "usedBytes"));
    gauge("stingray_object_store_spilled_bytes", s -> store(s, "spilledBytes"));
    gauge("stingray_object_store_capacity_bytes", s -> store(s, "capacityBytes"));
    gauge("stingray_cluster_cpus", s -> resource(s.summary().get("clusterResources")));
    gauge("stingray_available_cpus", s -> resource(s.summary().get("availableResources")));
  }

  private void gauge(String name, ToDoubleFunction<ClusterState> read, Tag... tags) {
    registry.gauge(name, this, self -> readSafely(read), tags);
  }

  private static double readSafely(ToDoubleFunction<ClusterState> read) {
    try {
      return ClusterState.local().map(read::applyAsDouble).orElse(0.0);
    } catch (RuntimeException | LinkageError e) {
      return 0.0; // the adapter is missing or stopping: the health checks say so
    }
  }

  private static double count(Object byState, String state) {
    return byState instanceof Map<?, ?> m && m.get(state) instanceof Number n
        ? n.doubleValue()
        : 0.0;
  }

  private static double store(ClusterState s, String key) {
    return count(s.summary().get("objectStore"), key);
  }

  private static double resource(Object resources) {
    return count(resources, "CPU");
  }
}
