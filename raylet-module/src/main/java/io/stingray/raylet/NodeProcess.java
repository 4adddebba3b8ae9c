package io.stingray.raylet;

import io.stingray.api.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own ({@link RayNodeMain}) started from this JVM with its class path, for
 * multi-process clusters, tests and benchmarks. Its output goes to a log file, which is also where
 * its {@code STINGRAY NODE READY} line is looked for (no thread is started here).
 *
 * <pre>{@code
 * try (NodeProcess p = NodeProcess.start(List.of("-Xmx512m"), Map.of(), log,
 *     Duration.ofSeconds(60), "--cluster", "demo", "--cpus", "2")) {
 *   NodeId id = p.id();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the node gracefully (SIGTERM), {@link #kill()} as {@code
 * kill -9} does.
 */
public final class NodeProcess implements AutoCloseable {
  private static final String READY = "STINGRAY NODE READY ";
  private final Process process;
  private final NodeId id;
  private final Path log;

  private NodeProcess(Process process, NodeId id, Path log) {
    this.process = process;
    this.id = id;
    this.log = log;
  }

  /**
   * Starts a node and waits until it has joined its cluster.
   *
   * @param jvmOptions options of the new JVM (heap size, system properties)
   * @param environment extra environment variables ({@code STINGRAY_CLUSTER_SECRET})
   * @param log where the node's output goes (replaced)
   * @param nodeArgs {@link RayNodeMain}'s arguments ({@code --cluster NAME ...})
   * @throws IllegalStateException if it ends or is not ready within {@code limit} (the message ends
   *     with its last output lines); the process is then killed
   * @throws UncheckedIOException if it cannot be started
   */
  public static NodeProcess start(
      List<String> jvmOptions,
      Map<String, String> environment,
      Path log,
      Duration limit,
      String... nodeArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RayNodeMain.class.getName()));
    cmd.addAll(List.of(nodeArgs));
    Process p;
    try {
      Path dir = log.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().putAll(environment);
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a node process: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      String ready = readyLine(log);
      if (ready != null) {
        return new NodeProcess(p, NodeId.fromHex(ready), log);
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "the node process "
                + (p.isAlive() ? "was not ready within " + limit : "ended")
                + "; its output ends with:\n"
                + tail(log));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IllegalStateException("interrupted while a node process started", e);
      }
    }
  }

  private static String readyLine(Path log) {
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(READY)) {
          return line.substring(READY.length()).trim();
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // not written yet
    }
    return null;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** The node's id. */
  public NodeId id() {
    return id;
  }

  /** The operating-system process. */
  public Process process() {
    return process;
  }

  /** Where its output goes. */
  public Path log() {
    return log;
  }

  /** Kills it at once, as {@code kill -9}: no goodbye to the cluster. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Stops it gracefully (it leaves the cluster), or kills it after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
