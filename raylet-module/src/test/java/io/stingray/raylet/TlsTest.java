package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.stingray.api.ObjectRef;
import io.stingray.api.SchedulingStrategy;
import io.stingray.gcs.GcsConfig;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.raylet.rpc.ClusterAuth;
import io.stingray.raylet.rpc.NodeTls;
import io.stingray.raylet.rpc.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with mutual TLS, from certificates made here with the openssl command: they form one
 * GCS cluster over JGroups TLS, work and large objects (over the object port) move between them,
 * and a gRPC client or GCS member that is not in the cluster's PKI is refused.
 */
class TlsTest {
  static final String SECRET = "tls-test-secret";
  @TempDir static Path dir;
  static String cluster;
  static RayNode a;
  static RayNode b;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "no openssl to make certificates with");
    authority("ca");
    signed("node", "ca");
    signed("elsewhere", "ca", "10.9.9.9"); // the cluster's authority, but another address
    authority("other-ca");
    signed("stranger", "other-ca");
    cluster = "tls-" + UUID.randomUUID();
    a = node("a");
    b = node("b");
    ThreeNodeCluster.awaitAlive(a, 2);
  }

  @AfterAll
  static void stop() {
    for (RayNode n : new RayNode[] {b, a}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static RayNode node(String name) {
    return RayNode.start(
        NodeConfig.builder()
            .clusterName(cluster)
            .nodeName(name)
            .numCpus(1)
            .clusterSecret(SECRET)
            .tls(dir.resolve("node.pem"), dir.resolve("node.key"), dir.resolve("ca.pem"))
            .build());
  }

  public static byte[] blob(int size) {
    byte[] b = new byte[size];
    new java.util.Random(size).nextBytes(b);
    return b;
  }

  @Test
  void workAndLargeObjectsMoveBetweenTheNodesOverTls() {
    String ranOn =
        a.context()
            .task(ThreeNodeCluster::whereAmI)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(b.id(), false))
            .remote()
            .get(Duration.ofSeconds(30));
    assertThat(ranOn).isEqualTo(b.id().hex());
    resultComesOverTheObjectPortOf(b, "the result came over b's object port");
  }

  /** A 3 MiB result made on {@code holder} reaches a whole, over {@code holder}'s object port. */
  private static void resultComesOverTheObjectPortOf(RayNode holder, String why) {
    long sentBefore = holder.raylet().traffic().objectPortSends();
    byte[] made =
        a.context()
            .task(TlsTest::blob, 3 << 20)
            .setSchedulingStrategy(SchedulingStrategy.nodeAffinity(holder.id(), false))
            .remote()
            .get(Duration.ofSeconds(30));
    assertThat(made).isEqualTo(blob(3 << 20));
    // the holder counts a send once its last byte is written, which may be after a has read it
    NodeFixture.await(
        why,
        Duration.ofSeconds(10),
        () -> holder.raylet().traffic().objectPortSends() > sentBefore);
  }

  @Test
  void aClientWithoutACertificateOfTheClustersAuthorityIsRefused() throws Exception {
    ObjectRef<Integer> ref = b.context().put(7);
    String address = a.raylet().gcs().nodes().get(b.id()).orElseThrow().address();
    var executor = Executors.newCachedThreadPool();
    NodeTls stranger =
        new NodeTls(
            dir.resolve("stranger.pem"), dir.resolve("stranger.key"), dir.resolve("ca.pem"));
    try (Peers plain = new Peers(new ClusterAuth(cluster, SECRET), executor, n -> address, null);
        Peers foreign =
            new Peers(new ClusterAuth(cluster, SECRET), executor, n -> address, stranger)) {
      for (Peers p : List.of(plain, foreign)) {
        assertThatThrownBy(() -> p.to(b.id()).pull(ref.id(), "", Duration.ofSeconds(5)).join())
            .isInstanceOf(CompletionException.class)
            .satisfies(
                e ->
                    assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.UNAVAILABLE));
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aCertificateOfTheClusterSpeaksOnlyForTheNodeWhoseAddressItNames() throws Exception {
    ObjectRef<Integer> ref = b.context().put(7);
    String address = a.raylet().gcs().nodes().get(b.id()).orElseThrow().address();
    var executor = Executors.newCachedThreadPool();
    NodeTls elsewhere =
        new NodeTls(
            dir.resolve("elsewhere.pem"), dir.resolve("elsewhere.key"), dir.resolve("ca.pem"));
    NodeTls node =
        new NodeTls(dir.resolve("node.pem"), dir.resolve("node.key"), dir.resolve("ca.pem"));
    // claiming to be node a (whose address is 127.0.0.1) with a certificate for 10.9.9.9
    try (Peers asA =
            new Peers(
                new ClusterAuth(cluster, SECRET, a.id().hex()), executor, n -> address, elsewhere);
        // claiming to be a node the cluster does not know, with a fitting certificate
        Peers unknown = new Peers(new ClusterAuth(cluster, SECRET), executor, n -> address, node);
        // node a's certificate and name, borrowing in b's name
        Peers honestA =
            new Peers(
                new ClusterAuth(cluster, SECRET, a.id().hex()), executor, n -> address, node)) {
      assertThatThrownBy(() -> asA.to(b.id()).pull(ref.id(), "", Duration.ofSeconds(5)).join())
          .isInstanceOf(CompletionException.class)
          .satisfies(
              e -> {
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(Status.fromThrowable(e).getDescription())
                    .contains("claims to be node " + a.id().hex(), "does not name 127.0.0.1");
              });
      assertThatThrownBy(() -> unknown.to(b.id()).pull(ref.id(), "", Duration.ofSeconds(5)).join())
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e).getDescription())
                      .contains("is registered in the cluster"));
      assertThatThrownBy(
              () -> honestA.to(b.id()).updateBorrowers(b.id(), List.of(ref.id()), List.of()).join())
          .satisfies(
              e -> {
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(Status.fromThrowable(e).getDescription())
                    .contains("in another node's name");
              });
      // and the honest caller is served
      assertThat(honestA.to(b.id()).pull(ref.id(), "", Duration.ofSeconds(5)).join()).isNotNull();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void clientsTricklingTheirTlsHandshakeDoNotHoldTheObjectPortsSlots() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RayNode c =
        RayNode.start(
            NodeConfig.builder()
                .clusterName(cluster)
                .nodeName("c")
                .numCpus(1)
                .clusterSecret(SECRET)
                .objectPort(port)
                .tls(dir.resolve("node.pem"), dir.resolve("node.key"), dir.resolve("ca.pem"))
                .build());
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      ThreeNodeCluster.awaitAlive(a, 3);
      // every slot taken by a client that announces a 16 KiB TLS record and sends it a byte a
      // second
      for (int i = 0; i < io.stingray.raylet.rpc.BulkServer.MAX_CONNECTIONS; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", port);
        s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00});
        slow.add(s);
      }
      for (int second = 0; second < 7; second++) { // past the 5 s handshake deadline
        Thread.sleep(1_000);
        for (java.net.Socket s : slow) {
          try {
            s.getOutputStream().write(0x01);
          } catch (java.io.IOException closed) {
            // closed by the server: what the fix does once the slots are needed
          }
        }
      }
      resultComesOverTheObjectPortOf(
          c, "the result came over c's object port, whose stale handshakes were closed");
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
      c.close();
    }
  }

  @Test
  void aGcsMemberWithoutTheClustersCertificatesCannotJoin() {
    for (GcsConfig.Tls tls :
        new GcsConfig.Tls[] {
          null,
          new GcsConfig.Tls(
              dir.resolve("stranger.pem"), dir.resolve("stranger.key"), dir.resolve("ca.pem")),
          // the cluster's authority, but a certificate for another address than it joins from
          new GcsConfig.Tls(
              dir.resolve("elsewhere.pem"), dir.resolve("elsewhere.key"), dir.resolve("ca.pem"))
        }) {
      try (GlobalControlStore outsider =
          GlobalControlStore.join(new GcsConfig(cluster, "outsider", null, null, SECRET, tls))) {
        assertThat(outsider.members()).as("alone, with " + tls).containsExactly("outsider");
      } catch (io.stingray.gcs.GcsException refused) {
        assertThat(refused).hasMessageContaining("cannot join");
      }
      assertThat(a.raylet().gcs().members()).hasSize(2);
    }
  }

  @Test
  void aKeyThatIsNotPkcs8StopsTheNodeNamingTheFile() throws Exception {
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                RayNode.start(
                    NodeConfig.builder()
                        .clusterName(cluster + "-bad")
                        .tls(dir.resolve("node.pem"), bad, dir.resolve("ca.pem"))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(
            () ->
                NodeConfig.builder()
                    .clusterName("x")
                    .tls(dir.resolve("node.pem"), null, null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS needs a certificate, a key and a trust file together");
  }

  /** A self-signed authority: {@code name}.pem and its key. */
  private static void authority(String name) throws Exception {
    request(name, "-x509", "-out", name + ".pem", "-days", "2");
  }

  /** A certificate for 127.0.0.1 signed by {@code authority}: {@code name}.pem and its key. */
  private static void signed(String name, String authority) throws Exception {
    signed(name, authority, "127.0.0.1");
  }

  /** A certificate for {@code ip} signed by {@code authority}: {@code name}.pem and its key. */
  private static void signed(String name, String authority, String ip) throws Exception {
    request(name, "-out", name + ".csr");
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:" + ip + "\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        authority + ".pem",
        "-CAkey",
        authority + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf");
  }

  /** {@code openssl req} with a new P-256 key in {@code name}.key, and {@code more}. */
  private static void request(String name, String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                name + ".key",
                "-subj",
                "/CN=" + name));
    args.addAll(List.of(more));
    openssl(args.toArray(String[]::new));
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
  }
}
