package io.stingray.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The harness's handle on one {@link NodeAgent} process in its namespace: starts it and sends it
 * commands over its standard input; its output (views and operations as {@code CHAOS} lines) goes
 * to the node's log file and the {@link History}.
 */
final class RayNodeAgent extends Agent {
  private final Writer in;

  private RayNodeAgent(int index, String nodeId, Process process, BlockingQueue<String> replies) {
    super(index, nodeId, process, replies);
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF8));
  }

  /**
   * Starts node {@code index} (its {@code generation}-th process) and waits until it has joined.
   *
   * @throws IllegalStateException if it ends or is not ready within 90 s (the node's log says why)
   */
  static RayNodeAgent start(Setup s, int index, int generation) {
    List<String> cmd =
        javaInNamespace(
            index,
            "-Xmx384m",
            "-XX:MaxDirectMemorySize=400m",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dstingray.jgroups.hosts=" + Netns.jgroupsHosts(s.nodes()),
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
            String.valueOf(192L << 20));
    Path log = s.dir().resolve("node-" + index + "-" + generation + ".log");
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    Process p = launch(cmd, s, index, log, replies);
    String ready = poll(replies, "READY", Duration.ofSeconds(90));
    if (ready == null) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "node " + index + " was not ready within 90 s; see " + log.toAbsolutePath());
    }
    return new RayNodeAgent(index, ready.substring("READY ".length()).trim(), p, replies);
  }

  @Override
  boolean send(String command) {
    try {
      in.write(command + "\n");
      in.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
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
    awaitEnd();
  }
}
