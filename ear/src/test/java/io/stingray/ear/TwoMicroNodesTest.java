package io.stingray.ear;

import static org.assertj.core.api.Assertions.assertThat;

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
 * large results move between the servers over the object port.
 */
@Tag("slow")
class TwoMicroNodesTest {
  static final List<MicroServer> SERVERS = new ArrayList<>();

  @BeforeAll
  static void startTwoServers() throws Exception {
    String cluster = "two-micro-" + UUID.randomUUID();
    for (int port : new int[] {18480, 18580}) {
      SERVERS.add(MicroServer.start(port, cluster));
    }
    for (MicroServer s : SERVERS) {
      s.awaitReady();
    }
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
    first.awaitBody(
        "both nodes are alive in the node table",
        "/stingray/api/v1/summary",
        MicroServer.VIEWER,
        "\"nodes\":{\"ALIVE\":2",
        60);
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
  }
}
