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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The EAR on a real, full Payara Server 6: deploy, call the example and the health, undeploy. */
@Tag("slow")
class EarOnPayaraServerTest {
  static Path asadmin;
  static final String ADMIN_BASIC =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(MicroServer.ADMIN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startDomain() throws Exception {
    Path home = Path.of(System.getProperty("payara.home"));
    asadmin = home.resolve("bin/asadmin");
    assertThat(asadmin).as("unpacked Payara Server (run with -Pslow)").exists();
    asadmin.toFile().setExecutable(true);
    // The default 512 MiB heap is too small to scan the adapter's libraries at deploy time.
    Path domainXml = home.resolve("glassfish/domains/domain1/config/domain.xml");
    Files.writeString(domainXml, Files.readString(domainXml).replace("-Xmx512m", "-Xmx2g"));
    asadmin("start-domain", "domain1");
    // A cluster of its own, so that a developer's running nodes are not joined.
    // The console's test users (ada is an admin); asadmin separates properties with ':'.
    Path users = Path.of("src", "test", "resources", "console-users").toAbsolutePath();
    asadmin(
        "create-system-properties",
        "stingray.clusterName=stingray-ear-test:stingray.console.usersFile="
            + users.toString().replace(":", "\\:"));
  }

  @AfterAll
  static void stopDomain() throws Exception {
    if (asadmin != null) {
      asadmin("stop-domain", "domain1");
    }
  }

  @Test
  void theEarDeploysAnswersAndUndeploys() throws Exception {
    String ear = System.getProperty("stingray.ear");
    asadmin("deploy", "--name", "stingray-ear", ear);
    try {
      String pi =
          getUntil200("http://localhost:8080/stingray-example/api/pi?samples=200000&tasks=4");
      double value = Double.parseDouble(pi.replaceAll(".*\"pi\":([0-9.]+).*", "$1"));
      assertThat(value).isBetween(3.0, 3.3);
      String best = post("http://localhost:8080/stingray-example/api/leaderboard/ada/9");
      assertThat(best).contains("\"best\":9");
      assertThat(getUntil200("http://localhost:8080/health/ready")).contains("UP");
      assertThat(getUntil200("http://localhost:8080/stingray/api/v1/actors?state=ALIVE"))
          .contains("\"className\":\"Leaderboard\"")
          .contains("\"namespace\":\"stingray-ear\""); // the job is the application: the EAR
      assertThat(getUntil200("http://localhost:8080/stingray/api/v1/summary"))
          .contains("\"actors\":{\"ALIVE\":1}");
      assertThat(getUntil200("http://localhost:8080/metrics"))
          .containsPattern("stingray_actors\\{[^}]*state=\"ALIVE\"[^}]*\\} 1\\.0");
      assertThat(serverThreads())
          .as("the node's library threads while deployed (so the check below can fail)")
          .anyMatch(EarOnPayaraServerTest::isStingrays);
      assertThat(portFree(7800)).as("JGroups listens on 7800 while deployed").isFalse();
    } finally {
      asadmin("undeploy", "stingray-ear");
    }
    HttpResponse<String> gone =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:8080/stingray-example/api/pi"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gone.statusCode()).isEqualTo(404);

    // The application's job ended with it: its leaderboard actor died for that reason.
    Path log =
        Path.of(System.getProperty("payara.home"))
            .resolve("glassfish/domains/domain1/logs/server.log");
    assertThat(Files.readString(log))
        .containsPattern("actor Leaderboard \\([0-9a-f]{32}\\) is dead: .* its job ended");

    // Undeploying took the adapter with it: no library thread and no JGroups port is left.
    awaitNoLeftovers();
  }

  private static void awaitNoLeftovers() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> left = List.of();
    boolean portFree = false;
    while (System.nanoTime() < deadline) {
      left = serverThreads().stream().filter(EarOnPayaraServerTest::isStingrays).toList();
      portFree = portFree(7800);
      if (left.isEmpty() && portFree) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(left).as("threads of the undeployed adapter").isEmpty();
    assertThat(portFree).as("JGroups port 7800 released").isTrue();
  }

  /** JGroups, Infinispan and RxJava threads that the adapter's node starts. */
  private static boolean isStingrays(String thread) {
    return thread.contains("stingray-ear-test")
        || thread.startsWith("non-blocking-thread-")
        || thread.startsWith("blocking-thread-")
        || thread.startsWith("timeout-thread-")
        || thread.startsWith("expiration-thread-")
        || thread.startsWith("RxCachedWorkerPoolEvictor")
        || thread.startsWith("RxSchedulerPurge");
  }

  private static boolean portFree(int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The thread names of the Payara Server JVM, from {@code jcmd <pid> Thread.print}. */
  private static List<String> serverThreads() throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String jvms = run(jcmd, "-l");
    String pid =
        jvms.lines()
            .filter(l -> l.contains("ASMain"))
            .map(l -> l.split(" ")[0])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Payara Server JVM in: " + jvms));
    return run(jcmd, pid, "Thread.print")
        .lines()
        .filter(l -> l.startsWith("\""))
        .map(l -> l.substring(1, l.indexOf('"', 1)))
        .toList();
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static String getUntil200(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", ADMIN_BASIC) // the console needs a user
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no 200 from " + url + " within 120 s; last: " + last);
  }

  private static String post(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static void asadmin(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(asadmin.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("asadmin", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("asadmin " + String.join(" ", args) + " did not finish in 5 min");
    }
    String output = Files.readString(out);
    if (p.exitValue() != 0) {
      throw new AssertionError("asadmin " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}
