package io.stingray.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** The rounds of one metric for one system: median, min and max. */
public record Measurement(String metric, String system, double[] rounds, String unit) {
  public double median() {
    double[] s = rounds.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  public double min() {
    return Arrays.stream(rounds).min().orElse(0);
  }

  public double max() {
    return Arrays.stream(rounds).max().orElse(0);
  }

  public String json() {
    return String.format(
        Locale.ROOT,
        "{\"metric\": \"%s\", \"system\": \"%s\", \"median\": %.3f, \"min\": %.3f, \"max\": %.3f,"
            + " \"unit\": \"%s\"}",
        metric,
        system,
        median(),
        min(),
        max(),
        unit);
  }
}
