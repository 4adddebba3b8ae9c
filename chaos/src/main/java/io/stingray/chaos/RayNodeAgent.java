package io.stingray.chaos;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's handle on one {@link NodeAgent} process in its namespace: starts it, sends it
 * commands, signals it ({@code kill -9}, SIGSTOP, SIGCONT), and reads its output on a thread of its
 * own into the node's log file and the {@link History}. Thread-safe for the harness's main thread
 * plus the reader.
 */
final class Agent implements AutoCloseable {
  final int index;
  final String nodeId;
  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> replies;

  private Agent(int index, String nodeId, Process process, BlockingQueue<String> replies) {
    this.index = index;
    this.nodeId = nodeId;
    this.process = process;
    this.replies = replies;
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF8));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /** Settings every node of one run shares. */
  record Setup(String classPath, String secret, int nodes, Path dir, History history) {}

  /**
   * Starts node {@code index} (its {@code generation}-th process) and waits until it has joined.
   *
   * @throws IllegalStateException if it ends or is not ready within 90 s (the node's log says why)
   */
  static Agent start(Setup s, int index, int generation) {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= s.nodes(); i++) {
      hosts.add(Netns.address(i) + "[7800]");
    }
    List<String> cmd = new ArrayList<>(Netns.exec(index));
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:MaxDirectMemorySize=400m",
            "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dstingray.jgroups.hosts=" + String.join(",", hosts),
            "-Dstingray.jgroups.ping_range=0",
            "-cp",
            s.classPath(),
            NodeAgent.class.getName(),
            "n" + index + "g" + generation,
            "--cluster",
            "chaos",
            "--cpus",
            "2",
            "--node-name",
            "n" + index,
            "--bind",
            Netns.address(index),
            "--object-store-memory",
            String.valueOf(192L << 20)));
    Path log = s.dir().resolve("node-" + index + "-" + generation + ".log");
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(Map.of("STINGRAY_CLUSTER_SECRET", s.secret()));
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + index + ": " + e.getMessage(), e);
    }
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(() -> read(p, log, index, s.history(), replies), "chaos-read-" + index);
    reader.setDaemon(true);
    reader.start();
    String ready = poll(replies, "READY", Duration.ofSeconds(90));
    if (ready == null) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "node " + index + " was not ready within 90 s; see " + log.toAbsolutePath());
    }
    return new Agent(index, ready.substring("READY ".length()).trim(), p, replies);
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

  /** Sends a command; false if the process has ended (it cannot take one). */
  boolean send(String command) {
    try {
      in.write(command + "\n");
      in.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits for the next reply starting with {@code prefix}; null after {@code limit} or an end. */
  String await(String prefix, Duration limit) {
    return poll(replies, prefix, limit);
  }

  private static String poll(BlockingQueue<String> q, String prefix, Duration limit) {
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

  /** Stops the node: closes its input (it leaves the cluster), then kills it after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    signal("CONT");
    try {
      in.close();
    } catch (IOException e) {
      // it is ending anyway
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
