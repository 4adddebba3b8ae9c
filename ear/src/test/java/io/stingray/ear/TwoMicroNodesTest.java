package io.stingray.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
 * one Stingray cluster: tasks submitted through one server's application run on both, and their
 * large results move between the servers over the object port, all of it over mutual TLS.
 */
@Tag("slow")
class TwoMicroNodesTest {
  static final List<MicroServer> SERVERS = new ArrayList<>();

  @BeforeAll
  static void startTwoServers() throws Exception {
    String cluster = "two-micro-" + UUID.randomUUID();
    List<String> options = new ArrayList<>(List.of(tlsOptions()));
    // the example's orders live in ~/.stingray: a home of this run's own, shared by both servers
    options.add("-Duser.home=" + java.nio.file.Path.of("target", cluster).toAbsolutePath());
    for (int port : new int[] {18480, 18580}) {
      SERVERS.add(MicroServer.start(port, cluster, options.toArray(String[]::new)));
    }
    for (MicroServer s : SERVERS) {
      s.awaitReady();
    }
  }

  /**
   * An authority and one node certificate for 127.0.0.1, made with openssl, as the adapter
   * properties of mutual TLS between the two servers.
   */
  static String[] tlsOptions() throws Exception {
    java.nio.file.Path dir =
        java.nio.file.Files.createTempDirectory(
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target")), "tls-");
    String script =
        String.join(
            " && ",
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key"
                + " -out ca.pem -days 2 -subj /CN=micro-ca",
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout node.key"
                + " -out node.csr -subj /CN=micro-node",
            "printf 'subjectAltName=IP:127.0.0.1\\n' > san.cnf",
            "openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
                + " -out node.pem -days 2 -extfile san.cnf");
    Process p =
        new ProcessBuilder("bash", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("making certificates with openssl: " + out).isZero();
    java.nio.file.Path abs = dir.toAbsolutePath();
    return new String[] {
      "-Dstingray.tlsCertificate=" + abs.resolve("node.pem"),
      "-Dstingray.tlsKey=" + abs.resolve("node.key"),
      "-Dstingray.tlsTrust=" + abs.resolve("ca.pem")
    };
  }

  @AfterAll
  static void stopServers() throws Exception {
    for (MicroServer s : SERVERS) {
      s.close();
    }
  }

  @Test
  void tasksSubmittedOnOneServerRunOnBoth() throws Exception {
    MicroServer first = SERVERS.get(0);
    awaitBothAlive(first);
    // the example registers its job on each server as it starts, before any request reaches it
    long deadline = System.nanoTime() + 120_000_000_000L;
    String table = "";
    while (System.nanoTime() < deadline) {
      table = first.get("/stingray/api/v1/nodes", MicroServer.VIEWER);
      if (Pattern.compile("\"jobs\":\\[\"").matcher(table).results().count() == 2) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(Pattern.compile("\"jobs\":\\[\"").matcher(table).results().count())
        .as("both servers list the example's job: " + table)
        .isEqualTo(2);
    String body = first.get("/stingray-example/api/spread?tasks=40", null);
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
        .as(body + "\nnode table: " + first.get("/stingray/api/v1/nodes", MicroServer.VIEWER))
        .hasSize(2)
        .contains(self.group(1));

    // large results made on the other server come to this one over the object port
    String blobs = first.get("/stingray-example/api/blobs?tasks=6&mib=4", null);
    assertThat(blobs).as(blobs).contains("\"intact\":true");
    assertThat(Pattern.compile("\"blobs\":").matcher(blobs).results().count())
        .as("blobs were made on both servers: " + blobs)
        .isEqualTo(2);
    Pattern sent = Pattern.compile("\"objectPortSends\":([1-9][0-9]*)");
    String traffic = "";
    long until = System.nanoTime() + 10_000_000_000L; // the count follows the send's last byte
    while (!sent.matcher(traffic).find() && System.nanoTime() < until) {
      traffic = SERVERS.get(1).get("/stingray/api/v1/summary", MicroServer.VIEWER);
      Thread.sleep(200);
    }
    assertThat(traffic)
        .as("the second server sent blobs whole over its object port")
        .containsPattern(sent);
    for (MicroServer s : SERVERS) {
      assertThat(s.log()).contains("(JGroups, gRPC, object port) use mutual TLS");
    }
  }

  /**
   * The example's JPA orders: opened on one server, scored by tasks spread over both, each task
   * reading and writing its order through the injected EntityManager of the server it ran on, in
   * that server's transaction; the other server sees every score.
   */
  @Test
  void tasksOnBothServersScoreTheOrdersThroughJpa() throws Exception {
    MicroServer first = SERVERS.get(0);
    MicroServer second = SERVERS.get(1);
    awaitBothAlive(first);
    String before = second.get("/stingray-example/api/orders", null);
    long scoredBefore = number(before, "scored");
    HttpResponse<String> opened =
        second.send("POST", "/stingray-example/api/orders?count=60", null);
    assertThat(opened.body()).as(opened.statusCode() + "").isEqualTo("{\"opened\":60}");
    HttpResponse<String> scored = first.send("POST", "/stingray-example/api/orders/score", null);
    assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
    assertThat(number(scored.body(), "scoredNow")).as(scored.body()).isEqualTo(60);

    String after = second.get("/stingray-example/api/orders", null);
    assertThat(number(after, "open")).as(after).isZero();
    assertThat(number(after, "scored") - scoredBefore).as(after).isEqualTo(60);
    assertThat(Pattern.compile("\"[0-9a-f]{32}\":[1-9]").matcher(after).results().count())
        .as("both servers' tasks wrote scores: " + after)
        .isEqualTo(2);
  }

  private static void awaitBothAlive(MicroServer server) throws Exception {
    server.awaitBody(
        "both nodes are alive in the node table",
        "/stingray/api/v1/summary",
        MicroServer.VIEWER,
        "\"nodes\":{\"ALIVE\":2",
        60);
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":([0-9]+)").matcher(json);
    assertThat(m.find()).as(field + " in " + json).isTrue();
    return Long.parseLong(m.group(1));
  }
}
