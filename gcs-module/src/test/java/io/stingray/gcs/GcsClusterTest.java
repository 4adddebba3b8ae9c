package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several GCS members in one JVM over real JGroups TCP on loopback, as Infinispan tests do. */
class GcsClusterTest {
  static final String SECRET = "gcs-test-secret";
  private final String cluster = "gcs-test-" + UUID.randomUUID();
  private GlobalControlStore a;
  private GlobalControlStore b;

  @BeforeEach
  void start() {
    a = GlobalControlStore.join(new GcsConfig(cluster, "member-a", null, null, SECRET));
    b = GlobalControlStore.join(new GcsConfig(cluster, "member-b", null, null, SECRET));
    awaitTrue(() -> a.members().size() == 2 && b.members().size() == 2);
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void rowsWrittenOnOneMemberAreReadOnTheOther() {
    NodeId id = NodeId.random();
    JobId job = JobId.random();
    NodeRecord node =
        new NodeRecord(
            id,
            "n1",
            "127.0.0.1:1",
            true,
            Map.of("CPU", 2.0),
            Map.of("CPU", 1.0),
            Map.of("zone", "a"),
            Set.of(job),
            42L);
    a.nodes().put(node);
    assertThat(b.nodes().get(id)).contains(node);

    b.nodes().markDead(id);
    assertThat(a.nodes().get(id).orElseThrow().alive()).isFalse();

    JobRecord jobRow = new JobRecord(job, "driver", "ns", id, 1L, 0L);
    b.jobs().put(jobRow);
    assertThat(a.jobs().get(job)).contains(jobRow);
    a.jobs().end(job);
    assertThat(b.jobs().get(job).orElseThrow().running()).isFalse();
  }

  /**
   * The owner flips an actor between ALIVE and RESTARTING on one member while its host marks it
   * DEAD on the other, for many actors at once: DEAD must stay final, whatever the interleaving.
   */
  @Test
  void deadStaysFinalWhenTwoMembersUpdateAnActorAtOnce() throws Exception {
    List<ActorId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ActorId id = ActorId.random();
      a.actors()
          .create(
              new ActorRecord(
                  id, JobId.random(), "C", null, "ns", ActorState.ALIVE, null, 0, false, null, 0));
      ids.add(id);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<?> flipper =
          pool.submit(
              () -> {
                for (int round = 0; round < 30; round++) {
                  for (ActorId id : ids) {
                    ActorRecord r = a.actors().get(id).orElseThrow();
                    ActorState next =
                        r.state() == ActorState.ALIVE ? ActorState.RESTARTING : ActorState.ALIVE;
                    try {
                      a.actors().update(r.withState(next, null, round, null));
                    } catch (IllegalStateException refused) {
                      // DEAD already: the move is refused, as it must be
                    }
                  }
                }
              });
      java.util.concurrent.Future<?> killer =
          pool.submit(
              () -> {
                for (ActorId id : ids) {
                  while (true) {
                    ActorRecord r = b.actors().get(id).orElseThrow();
                    try {
                      b.actors().update(r.withState(ActorState.DEAD, null, r.numRestarts(), "k"));
                      break;
                    } catch (IllegalStateException stale) {
                      // a later instance's row meanwhile (the flipper counts restarts): kill it
                    }
                  }
                  Thread.onSpinWait();
                }
              });
      killer.get(60, java.util.concurrent.TimeUnit.SECONDS);
      flipper.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    for (ActorId id : ids) {
      assertThat(a.actors().get(id).orElseThrow().state()).as(id.hex()).isEqualTo(ActorState.DEAD);
      assertThat(b.actors().get(id).orElseThrow().state()).as(id.hex()).isEqualTo(ActorState.DEAD);
    }
  }

  @Test
  void aMemberHearsOfActorRowsChangedOnAnother() {
    List<ActorId> heard = new CopyOnWriteArrayList<>();
    b.actors().onChange(heard::add);
    ActorId id = ActorId.random();
    ActorRecord row =
        new ActorRecord(
            id, JobId.random(), "C", null, "ns", ActorState.ALIVE, null, 0, false, null, 0);
    a.actors().create(row);
    a.actors().update(row.withState(ActorState.RESTARTING, null, 1, null));
    awaitTrue(() -> heard.size() >= 2);
    assertThat(heard).containsOnly(id);
  }

  @Test
  void actorNamesAreUniquePerNamespaceAcrossMembers() {
    ActorId first = ActorId.random();
    ActorId second = ActorId.random();
    assertThat(a.actors().claimName("ns", "counter", first)).isEmpty();
    assertThat(b.actors().claimName("ns", "counter", second)).contains(first);
    assertThat(b.actors().claimName("other", "counter", second)).isEmpty();
    assertThat(b.actors().lookupName("ns", "counter")).contains(first);

    b.actors().releaseName("ns", "counter", second); // not the holder: no effect
    assertThat(a.actors().lookupName("ns", "counter")).contains(first);
    a.actors().releaseName("ns", "counter", first);
    assertThat(b.actors().lookupName("ns", "counter")).isEmpty();
  }

  @Test
  void actorStateMachineRejectsLeavingDead() {
    ActorId id = ActorId.random();
    ActorRecord pending =
        new ActorRecord(
            id,
            JobId.random(),
            "C",
            "named",
            "ns",
            ActorState.PENDING_CREATION,
            null,
            0,
            false,
            null,
            0);
    a.actors().create(pending);
    a.actors().claimName("ns", "named", id);
    NodeId node = NodeId.random();
    b.actors().update(pending.withState(ActorState.ALIVE, node, 0, null));
    b.actors().update(pending.withState(ActorState.DEAD, node, 0, "killed"));
    assertThat(a.actors().get(id).orElseThrow().state()).isEqualTo(ActorState.DEAD);
    assertThat(a.actors().lookupName("ns", "named")).as("a dead actor frees its name").isEmpty();
    assertThatThrownBy(() -> a.actors().update(pending.withState(ActorState.ALIVE, node, 1, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DEAD");
  }

  @Test
  void objectDirectoryTracksCopiesPerNode() {
    ObjectId obj = ObjectId.random();
    NodeId n1 = NodeId.random();
    NodeId n2 = NodeId.random();
    a.objectDirectory().addLocation(obj, n1, 5 << 20).toCompletableFuture().join();
    b.objectDirectory().addLocation(obj, n2, 5 << 20).toCompletableFuture().join();
    assertThat(a.objectDirectory().locations(obj, List.of(n1, n2))).containsExactly(n1, n2);
    assertThat(b.objectDirectory().all().get(obj).size()).isEqualTo(5 << 20);
    assertThat(b.objectDirectory().all().get(obj).nodes()).containsExactlyInAnyOrder(n1, n2);
    b.objectDirectory().removeNode(n1);
    assertThat(a.objectDirectory().locations(obj, List.of(n1, n2))).containsExactly(n2);
    a.objectDirectory().removeLocation(obj, n2).toCompletableFuture().join();
    assertThat(b.objectDirectory().all()).doesNotContainKey(obj);
  }

  @Test
  void survivorsAreToldWhenAMemberLeaves() {
    List<String> left = new CopyOnWriteArrayList<>();
    a.onMembersLeft(left::addAll);
    GlobalControlStore c =
        GlobalControlStore.join(new GcsConfig(cluster, "member-c", null, null, SECRET));
    awaitTrue(() -> a.members().size() == 3);
    c.close();
    awaitTrue(() -> left.contains("member-c"));
    assertThat(a.members()).containsExactlyInAnyOrder("member-a", "member-b");
  }

  @Test
  void aMemberWithoutTheSecretCannotJoin() {
    assertThatThrownBy(
            () -> GlobalControlStore.join(new GcsConfig(cluster, "stranger", null, null, "guess")))
        .isInstanceOf(GcsException.class)
        .hasMessageContaining("cluster secret differs");
    assertThat(a.members()).containsExactlyInAnyOrder("member-a", "member-b");
  }

  @Test
  void membersFindEachOtherFromAStaticHostList() throws Exception {
    List<String> seen =
        twoMembersWith(
            Map.of(
                "stingray.jgroups.port", "7950",
                "stingray.jgroups.hosts", "127.0.0.1[7950],127.0.0.1[7951]",
                "stingray.jgroups.ping_range", "0"),
            () -> {
              for (int port : new int[] {7950, 7951}) {
                try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                  s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                  throw new AssertionError("no member listens on the configured port " + port);
                } catch (java.net.BindException expected) {
                  // a member listens there, as configured
                }
              }
            });
    assertThat(seen).containsExactlyInAnyOrder("member-x", "member-y");
  }

  /** Something checked while both members of {@link #twoMembersWith} are up. */
  interface WhileUp {
    void check() throws Exception;
  }

  /**
   * Starts two members of a new cluster with these system properties set (cleared after), waits up
   * to 30 s for them to see each other, runs {@code whileUp}, and returns the members the first one
   * saw.
   */
  static List<String> twoMembersWith(Map<String, String> properties, WhileUp whileUp)
      throws Exception {
    String other = "props-" + UUID.randomUUID();
    properties.forEach(System::setProperty);
    try (GlobalControlStore x =
            GlobalControlStore.join(new GcsConfig(other, "member-x", null, null, SECRET));
        GlobalControlStore y =
            GlobalControlStore.join(new GcsConfig(other, "member-y", null, null, SECRET))) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (x.members().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      whileUp.check();
      return x.members();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void membersFindEachOtherThroughDns() throws Exception {
    java.nio.file.Path dnsmasq =
        java.util.stream.Stream.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")
            .map(java.nio.file.Path::of)
            .filter(java.nio.file.Files::isExecutable)
            .findFirst()
            .orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dnsmasq != null, "dnsmasq is not installed (apt-get install dnsmasq-base): DNS untested");
    int dnsPort;
    try (java.net.DatagramSocket probe =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      dnsPort = probe.getLocalPort();
    }
    Process dns =
        new ProcessBuilder(
                dnsmasq.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--pid-file=",
                "--port=" + dnsPort,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--user=" + System.getProperty("user.name"),
                "--host-record=member.stingray.test,127.0.0.1",
                "--srv-host=_jgroups._tcp.stingray.test,member.stingray.test,7970",
                "--srv-host=_jgroups._tcp.stingray.test,member.stingray.test,7971")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      List<String> seen =
          twoMembersWith(
              Map.of(
                  "stingray.jgroups.port",
                  "7970",
                  Discovery.DNS_QUERY,
                  "_jgroups._tcp.stingray.test",
                  Discovery.DNS_RECORD_TYPE,
                  "SRV",
                  Discovery.DNS_ADDRESS,
                  "127.0.0.1:" + dnsPort),
              () -> assertThat(dns.isAlive()).as("dnsmasq ran").isTrue());
      assertThat(seen).containsExactlyInAnyOrder("member-x", "member-y");
    } finally {
      dns.destroy();
      dns.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void dnsSettingsThatAreNotANameOrARecordTypeAreRefusedByName() {
    assertThat(Discovery.element(Map.<String, String>of()::get)).startsWith("<TCPPING ");
    assertThat(
            Discovery.element(Map.of(Discovery.DNS_QUERY, "stingray.prod.svc.cluster.local")::get))
        .isEqualTo(
            "<dns.DNS_PING dns_query=\"stingray.prod.svc.cluster.local\" dns_record_type=\"A\""
                + " send_cache_on_join=\"true\"/>");
    assertThatThrownBy(
            () ->
                Discovery.element(
                    Map.of(Discovery.DNS_QUERY, "x", Discovery.DNS_RECORD_TYPE, "MX")::get))
        .isInstanceOf(GcsException.class)
        .hasMessageContaining(Discovery.DNS_RECORD_TYPE)
        .hasMessageContaining("A or SRV");
    assertThatThrownBy(() -> Discovery.element(Map.of(Discovery.DNS_QUERY, "x\" evil=\"1")::get))
        .isInstanceOf(GcsException.class)
        .hasMessageContaining(Discovery.DNS_QUERY)
        .hasMessageContaining("not a DNS name");
  }

  @Test
  void unreadableJgroupsConfigFailsWithItsName() {
    assertThatThrownBy(
            () ->
                GlobalControlStore.join(
                    new GcsConfig(cluster, "x", "no-such-stack.xml", null, SECRET)))
        .isInstanceOf(GcsException.class)
        .hasMessageContaining("no-such-stack.xml");
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
