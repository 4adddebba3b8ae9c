package io.stingray.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An application with only CDI and JAX-RS (no EJB), deployed after the adapter on two Payara Micro
 * servers, is in the cluster on each as soon as it starts: work from the first server runs on the
 * second with no request ever made to the application there. Without the adapter, its deployment
 * fails at once, naming the adapter, rather than waiting for a first request to fail.
 */
@Tag("slow")
class CdiOnlyAppTest {
  private static final List<MicroServer> SERVERS = new ArrayList<>();
  private static Path war;
  private static final int JMX_PORT = 18785;

  @BeforeAll
  static void startTwoServers() throws Exception {
    war = CdiOnlyWar.build();
    String cluster = "cdi-only-" + UUID.randomUUID();
    List<String> deploy =
        List.of(
            System.getProperty("stingray.rar"),
            System.getProperty("stingray.console"),
            war.toString());
    SERVERS.add(
        MicroServer.start(
            18780,
            cluster,
            deploy,
            "-Dstingray.nodeName=micro-a",
            "-Dcom.sun.management.jmxremote.port=" + JMX_PORT, // for the connection counts
            "-Dcom.sun.management.jmxremote.rmi.port=" + JMX_PORT,
            "-Dcom.sun.management.jmxremote.host=127.0.0.1",
            "-Djava.rmi.server.hostname=127.0.0.1",
            "-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false"));
    SERVERS.add(
        MicroServer.start(
            18880,
            cluster,
            deploy,
            "-Dstingray.nodeName=micro-b",
            "-Dstingray.resources=micro-b=1")); // where CdiOnlyResource.actor places its actor
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
  void workFromOneServerRunsOnTheOtherWithNoRequestEverMadeThere() throws Exception {
    MicroServer a = SERVERS.get(0);
    String bId = a.awaitNodeId("micro-b", 60);
    // the job is in the GCS once b's application started; a's view of it may lag a heartbeat
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> r = a.send("GET", "/cdi-only/api/on/" + bId, null);
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      r = a.send("GET", "/cdi-only/api/on/" + bId, null);
    }
    assertThat(r.statusCode())
        .as("a task pinned to b ran there: " + r.body() + "\n(b's log has " + registration(1) + ")")
        .isEqualTo(200);
    assertThat(r.body()).isEqualTo(bId);

    // the task on b runs in the application's context there: its module's names, the default data
    // source, a @Transactional CDI bean (twice: the second sees the first's committed row)
    for (int rows = 1; rows <= 2; rows++) {
      HttpResponse<String> ee = a.send("GET", "/cdi-only/api/ee/" + bId, null);
      assertThat(ee.statusCode()).as(ee.body()).isEqualTo(200);
      assertThat(ee.body()).isEqualTo(bId + " cdi-only tx=true rows=" + rows);
    }

    // an actor made by b's CDI container: injected, constructed there, destroyed when killed
    HttpResponse<String> actor = a.send("GET", "/cdi-only/api/actor/micro-b", null);
    assertThat(actor.statusCode()).as(actor.body()).isEqualTo(200);
    assertThat(actor.body()).isEqualTo(bId + " injected=true reserved=3|destroyed=1");
  }

  /**
   * The injected {@code RayContext} is the container's: each request takes a handle from the
   * connection pool and gives it back as it ends, so after 200 requests (8 at a time) no handle is
   * left open and the pool made no more managed connections than requests ran at once.
   */
  @Test
  void eachRequestTakesAPooledHandleAndGivesItBack() throws Exception {
    MicroServer a = SERVERS.get(0);
    String aId = a.awaitNodeId("micro-a", 60);
    javax.management.remote.JMXServiceURL url =
        new javax.management.remote.JMXServiceURL(
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + JMX_PORT + "/jmxrmi");
    try (javax.management.remote.JMXConnector jmx =
        javax.management.remote.JMXConnectorFactory.connect(url)) {
      javax.management.MBeanServerConnection server = jmx.getMBeanServerConnection();
      javax.management.ObjectName counts =
          new javax.management.ObjectName("io.stingray:type=Connections");
      long openedBefore = (Long) server.getAttribute(counts, "HandlesOpened");

      java.util.concurrent.ExecutorService clients =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          answers.add(clients.submit(() -> a.send("GET", "/cdi-only/api/on/" + aId, null)));
        }
        for (java.util.concurrent.Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(r.body()).isEqualTo(aId);
        }
      } finally {
        clients.shutdownNow();
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long open = (Long) server.getAttribute(counts, "OpenHandles");
      while (open != 0 && System.nanoTime() < deadline) { // a request's scope ends after its answer
        Thread.sleep(100);
        open = (Long) server.getAttribute(counts, "OpenHandles");
      }
      assertThat(open).as("handles left open after the requests").isZero();
      System.out.printf(
          "connection counts after 200 requests: %s handles opened in all, %s managed connections"
              + " created, %s exist%n",
          server.getAttribute(counts, "HandlesOpened"),
          server.getAttribute(counts, "ManagedConnectionsCreated"),
          server.getAttribute(counts, "ManagedConnections"));
      assertThat((Long) server.getAttribute(counts, "HandlesOpened") - openedBefore)
          .as("a handle per request (each call of a request shares it)")
          .isEqualTo(200);
      assertThat((Long) server.getAttribute(counts, "ManagedConnectionsCreated"))
          .as("managed connections are pooled, not made per request")
          .isBetween(1L, 16L);
    }
  }

  private static String registration(int server) throws IOException {
    return SERVERS
        .get(server)
        .log()
        .lines()
        .filter(l -> l.contains("Stingray"))
        .toList()
        .toString();
  }

  @Test
  void withoutTheAdapterTheDeploymentFailsSayingWhy() throws Exception {
    try (MicroServer alone =
        MicroServer.start(18980, "no-adapter-" + UUID.randomUUID(), List.of(war.toString()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      String log = alone.log();
      while (!log.contains("ready in") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        log = alone.log();
      }
      // Payara itself refuses the application's connection factory without its adapter; an
      // adapter that is there but cannot make the job gets WebJobRegistration's message instead
      assertThat(log)
          .contains("Resource Adapter not present: RA Name: [stingray-resource-adapter]");
      assertThat(alone.send("GET", "/cdi-only/api/on/00", null).statusCode())
          .as("the application is not deployed")
          .isEqualTo(404);
    }
  }
}
