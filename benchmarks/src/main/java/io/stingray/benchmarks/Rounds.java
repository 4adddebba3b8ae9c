package io.stingray.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The method every system's runner shares: one warm-up, then several measured rounds of the same
 * body; the figures go to a JSON file that {@link Report} merges. Not thread-safe.
 */
public final class Rounds {
  private final boolean quick;
  private final int rounds;
  private final List<Measurement> results = new ArrayList<>();

  /** Reads {@code --quick} from the runner's arguments. */
  public Rounds(String[] args) {
    this.quick = List.of(args).contains("--quick");
    this.rounds = quick ? 3 : 5;
  }

  public boolean quick() {
    return quick;
  }

  /** A count scaled down in quick mode. */
  public int n(int full) {
    return quick ? Math.max(1, full / 5) : full;
  }

  /** A body that performs a known number of operations. */
  public interface Body {
    void run() throws Exception;
  }

  /** Warms up once, then measures {@code ops / seconds} over the rounds. */
  public void measure(String metric, String system, long ops, String unit, Body body)
      throws Exception {
    body.run();
    double[] r = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      body.run();
      r[i] = ops / ((System.nanoTime() - t0) / 1e9);
    }
    add(new Measurement(metric, system, r, unit));
  }

  /** Records a figure measured another way (heap, latency). */
  public void add(Measurement m) {
    results.add(m);
    System.out.printf(
        Locale.ROOT, "  %-40s %-16s %,16.1f %s%n", m.metric(), m.system(), m.median(), m.unit());
  }

  /** Writes the figures as a JSON array. */
  public void write(Path json) throws IOException {
    Path dir = json.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Files.writeString(
        json,
        "[\n  " + String.join(",\n  ", results.stream().map(Measurement::json).toList()) + "\n]\n");
  }
}
