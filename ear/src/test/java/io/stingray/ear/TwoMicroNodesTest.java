package io.stingray.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro instances, each with the adapter, the console and the example application, form
 * one Stingray cluster: tasks submitted through one server's application run on both.
 */
@Tag("slow")
class TwoMicroNodesTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final List<Process> SERVERS = new ArrayList<>();
  static final int[] PORTS = {18480, 18580};

  @BeforeAll
  static void startTwoServers() throws Exception {
    String cluster = "two-micro-" + UUID.randomUUID();
    for (int port : PORTS) {
      Path log = Path.of("target", "micro-" + port + ".log");
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx768m",
              "-Dstingray.clusterName=" + cluster,
              "-Dstingray.clusterSecret=two-micro-secret",
              "-Dstingray.numCpus=2",
              "-jar",
              System.getProperty("payara.micro.jar"),
              "--nohazelcast",
              "--port",
              String.valueOf(port),
              "--deploy",
              System.getProperty("stingray.rar"),
              "--deploy",
              System.getProperty("stingray.console"),
              "--deploy",
              System.getProperty("stingray.example"));
      SERVERS.add(
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }
    for (int port : PORTS) {
      awaitBody(
          "server on port " + port + " is ready",
          "http://localhost:" + port + "/health/ready",
          "\"UP\"",
          Duration.ofSeconds(240));
    }
  }

  @AfterAll
  static void stopServers() throws Exception {
    for (Process p : SERVERS) {
      p.destroy();
    }
    for (Process p : SERVERS) {
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void tasksSubmittedOnOneServerRunOnBoth() throws Exception {
    awaitBody(
        "both nodes are alive in the node table",
        "http://localhost:" + PORTS[0] + "/stingray/api/v1/summary",
        "\"nodes\":{\"ALIVE\":2",
        Duration.ofSeconds(60));
    // the example registers its job on each server as it starts, before any request reaches it
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String table = "";
    while (System.nanoTime() < deadline) {
      table = get("http://localhost:" + PORTS[0] + "/stingray/api/v1/nodes");
      if (Pattern.compile("\"jobs\":\\[\"").matcher(table).results().count() == 2) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(Pattern.compile("\"jobs\":\\[\"").matcher(table).results().count())
        .as("both servers list the example's job: " + table)
        .isEqualTo(2);
    String body = get("http://localhost:" + PORTS[0] + "/stingray-example/api/spread?tasks=40");
    Matcher self = Pattern.compile("\"self\":\"([0-9a-f]{32})\"").matcher(body);
    assertThat(self.find()).as(body).isTrue();
    Matcher counts = Pattern.compile("\"([0-9a-f]{32})\":([0-9]+)").matcher(body);
    List<String> nodes = new ArrayList<>();
    int total = 0;
    while (counts.find()) {
      nodes.add(counts.group(1));
      total += Integer.parseInt(counts.group(2));
    }
    assertThat(total).as(body).isEqualTo(40);
    assertThat(nodes)
        .as(
            body
                + "\nnode table: "
                + get("http://localhost:" + PORTS[0] + "/stingray/api/v1/nodes"))
        .hasSize(2)
        .contains(self.group(1));
  }

  static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
    return r.body();
  }

  static void awaitBody(String what, String url, String expected, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      for (Process p : SERVERS) {
        if (!p.isAlive()) {
          throw new AssertionError("a Payara Micro process exited; see target/micro-*.log");
        }
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.body().replace(" ", "").contains(expected)) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out after " + limit + " waiting until " + what + ": " + last);
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
