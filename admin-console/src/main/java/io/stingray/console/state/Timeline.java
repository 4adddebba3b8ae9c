package io.stingray.console.state;

import io.stingray.api.admin.ClusterAdmin;
import io.stingray.api.admin.TaskView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The cluster's recent tasks as a trace file, for {@code /timeline}. */
final class Timeline {
  private Timeline() {}

  /**
   * The recent tasks of the cluster that have started, as Chrome trace events (the JSON that {@code
   * chrome://tracing} and Perfetto open, as Ray's {@code ray timeline} writes): one process per
   * node, one thread per lane of tasks that overlap in time.
   */
  static Map<String, Object> of(ClusterAdmin admin) {
    Map<String, String> names = new java.util.HashMap<>();
    admin.nodes().forEach(n -> names.put(n.id(), n.name()));
    long now = System.currentTimeMillis();
    List<TaskView> started =
        admin.tasks(ClusterAdmin.TASKS_KEPT_PER_NODE, null).stream()
            .filter(t -> t.startedMillis() > 0)
            .sorted(java.util.Comparator.comparingLong(TaskView::startedMillis))
            .toList();
    List<Map<String, Object>> events = new java.util.ArrayList<>();
    Map<String, List<Long>> laneEnds = new java.util.LinkedHashMap<>();
    for (TaskView t : started) {
      List<Long> ends = laneEnds.computeIfAbsent(t.node(), n -> new java.util.ArrayList<>());
      long end = t.endedMillis() > 0 ? t.endedMillis() : now;
      int lane = 0;
      while (lane < ends.size() && ends.get(lane) > t.startedMillis()) {
        lane++;
      }
      if (lane == ends.size()) {
        ends.add(end);
      } else {
        ends.set(lane, end);
      }
      Map<String, Object> args = new TreeMap<>();
      args.put("task", t.id());
      args.put("state", t.state());
      if (t.error() != null) {
        args.put("error", t.error());
      }
      Map<String, Object> e = new java.util.LinkedHashMap<>();
      e.put("name", t.function());
      e.put("cat", "task");
      e.put("ph", "X");
      e.put("ts", t.startedMillis() * 1000);
      e.put("dur", (end - t.startedMillis()) * 1000);
      e.put("pid", t.node());
      e.put("tid", lane);
      e.put("args", args);
      events.add(e);
    }
    for (String node : laneEnds.keySet()) {
      events.add(
          Map.of(
              "name",
              "process_name",
              "ph",
              "M",
              "pid",
              node,
              "args",
              Map.of("name", "node " + names.getOrDefault(node, node))));
    }
    return Map.of("traceEvents", events, "displayTimeUnit", "ms");
  }
}
