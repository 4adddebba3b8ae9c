package io.stingray.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the JSON files of the runners into {@code benchmarks.json} and prints one table: each
 * metric's median (min–max) per system, and Stingray's ratio to each peer and the floor. Args:
 * output file, then the runners' files.
 */
public final class Report {
  private static final List<String> SYSTEMS =
      List.of("stingray-1node", "stingray-cluster", "ray-local", "hazelcast", "floor");
  private static final Pattern ROW =
      Pattern.compile(
          "\\{\"metric\": \"([^\"]+)\", \"system\": \"([^\"]+)\", \"median\": ([0-9.]+),"
              + " \"min\": ([0-9.]+), \"max\": ([0-9.]+), \"unit\": \"([^\"]+)\"\\}");

  private Report() {}

  public static void main(String[] args) throws IOException {
    List<String[]> rows = new ArrayList<>();
    List<String> json = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      Path p = Path.of(args[i]);
      if (!Files.exists(p)) {
        System.out.println("(no results from " + p + ": that runner failed, see above)");
        continue;
      }
      Matcher m = ROW.matcher(Files.readString(p));
      while (m.find()) {
        json.add(m.group());
        rows.add(
            new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)});
      }
    }
    Files.writeString(Path.of(args[0]), "[\n  " + String.join(",\n  ", json) + "\n]\n");
    Map<String, Map<String, String[]>> byMetric = new LinkedHashMap<>();
    for (String[] r : rows) {
      byMetric.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r);
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d cores, Java %s (%s)%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
    StringBuilder head = new StringBuilder("| metric |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String s : SYSTEMS) {
      head.append(' ').append(s).append(" |");
      rule.append(" --- |");
    }
    head.append(" stingray ÷ ray-local | stingray ÷ hazelcast | stingray ÷ floor |");
    rule.append(" --- | --- | --- |");
    System.out.println(head);
    System.out.println(rule);
    for (Map.Entry<String, Map<String, String[]>> e : byMetric.entrySet()) {
      StringBuilder line = new StringBuilder("| " + e.getKey() + " |");
      for (String s : SYSTEMS) {
        line.append(' ').append(cell(e.getValue().get(s))).append(" |");
      }
      String[] st = e.getValue().get("stingray-1node");
      for (String peer : List.of("ray-local", "hazelcast", "floor")) {
        String[] p = e.getValue().get(peer);
        line.append(' ')
            .append(
                st == null || p == null
                    ? ""
                    : String.format(
                        Locale.ROOT, "%.2f×", Double.parseDouble(st[2]) / Double.parseDouble(p[2])))
            .append(" |");
      }
      System.out.println(line);
    }
    System.out.println("\nwrote " + args[0]);
  }

  private static String cell(String[] r) {
    if (r == null) {
      return "";
    }
    double med = Double.parseDouble(r[2]);
    double min = Double.parseDouble(r[3]);
    double max = Double.parseDouble(r[4]);
    return switch (r[5]) {
      case "B/s" ->
          String.format(Locale.ROOT, "%.2f GB/s (%.2f–%.2f)", med / 1e9, min / 1e9, max / 1e9);
      case "MiB" -> String.format(Locale.ROOT, "%.0f MiB", med);
      case "s" -> String.format(Locale.ROOT, "%.2f s", med);
      case "ms" -> String.format(Locale.ROOT, "%,.0f ms", med);
      case "us" -> String.format(Locale.ROOT, "%,.0f µs", med);
      default -> String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", med, min, max);
    };
  }
}
