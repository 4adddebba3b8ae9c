package io.stingray.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's handle on one node process in its namespace, whatever runs it ({@link
 * RayNodeAgent}: {@code RayNodeMain} driven over its standard input; {@link MicroAgent}: Payara
 * Micro with the adapter, driven over HTTP): commands, replies, signals ({@code kill -9}, SIGSTOP,
 * SIGCONT) and the node's log. Thread-safe for the harness's main thread plus the reader threads.
 */
abstract class Agent implements AutoCloseable {
  static final Charset UTF8 = StandardCharsets.UTF_8;

  final int index;
  final String nodeId;
  protected final Process process;
  protected final BlockingQueue<String> replies;

  /**
   * Settings every node of one run shares; {@code payara}: the Payara Micro scenario's files (null:
   * {@code RayNodeMain} nodes).
   */
  record Setup(
      String classPath, String secret, int nodes, Path dir, History history, Payara payara) {}

  /** Payara Micro's jar and what each server deploys, in order (the adapter first). */
  record Payara(Path microJar, List<Path> deployments) {}

  protected Agent(int index, String nodeId, Process process, BlockingQueue<String> replies) {
    this.index = index;
    this.nodeId = nodeId;
    this.process = process;
    this.replies = replies;
  }

  /**
   * Starts node {@code index} (its {@code generation}-th process) and waits until it has joined.
   *
   * @throws IllegalStateException if it ends or is not ready in time (the node's log says why)
   */
  static Agent start(Setup s, int index, int generation) {
    return s.payara() == null
        ? RayNodeAgent.start(s, index, generation)
        : MicroAgent.start(s, index, generation);
  }

  /**
   * Sends a command: {@code work}, {@code rest} (answers {@code RESTED}), {@code check} (answers
   * {@code KEPT <checked> <lost> <wrong> <detail>}), {@code release} (answers {@code RELEASED});
   * false if the node cannot take one (its process ended).
   */
  abstract boolean send(String command);

  /**
   * The command that runs this JDK's {@code java} in node {@code index}'s namespace with the serial
   * collector (two cores are shared by every node) and {@code options}; more can be added.
   */
  protected static List<String> javaInNamespace(int index, String... options) {
    List<String> cmd = new java.util.ArrayList<>(Netns.exec(index));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(List.of(options));
    return cmd;
  }

  /** Starts {@code cmd} with the run's secret; a thread copies its output to {@code log}. */
  protected static Process launch(
      List<String> cmd, Setup s, int index, Path log, BlockingQueue<String> replies) {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(Map.of("STINGRAY_CLUSTER_SECRET", s.secret()));
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + index + ": " + e.getMessage(), e);
    }
    Thread reader =
        new Thread(() -> read(p, log, index, s.history(), replies), "chaos-read-" + index);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private static void read(
      Process p, Path log, int index, History history, BlockingQueue<String> replies) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF8));
        Writer w = Files.newBufferedWriter(log, UTF8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        w.write(line);
        w.write('\n');
        w.flush();
        int at = line.indexOf("CHAOS ");
        if (at < 0) {
          continue;
        }
        String msg = line.substring(at + "CHAOS ".length());
        if (msg.startsWith("OP ") || msg.startsWith("VIEW ")) {
          history.line(index, msg);
        } else if (!msg.startsWith("VIEWFAILED")) { // those stay in the node's log
          replies.add(msg);
        }
      }
    } catch (IOException e) {
      replies.add("ENDED " + e.getMessage());
    }
    replies.add("ENDED");
  }

  /** Waits for the next reply starting with {@code prefix}; null after {@code limit} or an end. */
  String await(String prefix, Duration limit) {
    return poll(replies, prefix, limit);
  }

  protected static String poll(BlockingQueue<String> q, String prefix, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        String r = q.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (r == null || r.startsWith("ENDED")) {
          return null;
        }
        if (r.startsWith(prefix)) {
          return r;
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  void signal(String name) {
    signal(process, name);
  }

  static void signal(Process process, String name) {
    try {
      new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit status of an ended process (-1 while it runs). */
  int exitStatus() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Waits up to 30 s for the process to end after it was asked to, then kills it. */
  protected void awaitEnd() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Stops the node (it leaves the cluster), killing it if it does not end within 30 s. */
  @Override
  public abstract void close();
}
