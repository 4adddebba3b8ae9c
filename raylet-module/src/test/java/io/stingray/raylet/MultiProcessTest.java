package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nodes in separate JVMs ({@link RayNodeMain}) form one GCS cluster with this JVM's node. */
@Tag("slow")
class MultiProcessTest {
  @Test
  void aNodeProcessJoinsTheClusterAndIsMarkedDeadWhenKilled() throws Exception {
    String cluster = "mp-" + UUID.randomUUID();
    try (RayNode driver =
        RayNode.start(NodeConfig.builder().clusterName(cluster).numCpus(1).build())) {
      Process other = startNode(cluster, "--cpus", "2", "--resources", "GPU=1");
      try {
        NodeId otherId = NodeId.fromHex(readyLine(other));
        NodeFixture.await(
            "the other node is alive in the node table",
            Duration.ofSeconds(30),
            () -> alive(driver, otherId));
        assertThat(driver.context().clusterResources())
            .containsEntry("CPU", 3.0)
            .containsEntry("GPU", 1.0);
        other.destroyForcibly(); // kill -9
        NodeFixture.await(
            "the killed node is marked dead",
            Duration.ofSeconds(30),
            () -> !alive(driver, otherId));
        assertThat(driver.context().clusterResources()).containsEntry("CPU", 1.0);
      } finally {
        other.destroyForcibly();
      }
    }
  }

  @Test
  void badArgumentsExitWithAMessage() throws Exception {
    Process p = startNode("x", "--cpus", "many");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(p.getInputStream().readAllBytes()))
        .contains("--cpus takes a whole number");
    assertThatThrownBy(() -> RayNodeMain.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("unknown option --bogus");
  }

  private static boolean alive(RayNode driver, NodeId id) {
    return driver.context().runtimeContext().nodes().stream()
        .filter(n -> n.id().equals(id))
        .anyMatch(NodeInfo::alive);
  }

  private static Process startNode(String cluster, String... extra) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                RayNodeMain.class.getName(),
                "--cluster",
                cluster));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static String readyLine(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith("STINGRAY NODE READY ")) {
                    return line.substring("STINGRAY NODE READY ".length()).trim();
                  }
                }
                throw new AssertionError("the node process ended before it was ready");
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            });
    String id = ready.get(60, TimeUnit.SECONDS);
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe from filling
                }
              } catch (java.io.IOException ignored) {
                // the process ended
              }
            },
            "node-output");
    drain.setDaemon(true);
    drain.start();
    return id;
  }
}
