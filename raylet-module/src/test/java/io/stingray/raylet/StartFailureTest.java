package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.NodeInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** A node that fails half way through its start leaves nothing behind. */
class StartFailureTest {
  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aNodeWhoseThreadsAreRefusedReleasesItsPortsAndMembership() throws Exception {
    String cluster = "start-failure-" + UUID.randomUUID();
    NodeConfig.Builder base =
        NodeConfig.builder().clusterName(cluster).clusterSecret("start-failure-secret").numCpus(1);
    try (RayNode survivor = RayNode.start(base.nodeName("survivor").build())) {
      int grpcPort = freePort();
      int objectPort = freePort();
      Executor refusing =
          r -> {
            throw new RejectedExecutionException("the WorkManager refused work: stopping");
          };
      // joins the GCS, starts its gRPC server and object port, then gets no thread
      assertThatThrownBy(
              () ->
                  Raylet.start(
                      base.nodeName("failed").grpcPort(grpcPort).objectPort(objectPort).build(),
                      refusing))
          .isInstanceOf(RejectedExecutionException.class);

      try (ServerSocket again = new ServerSocket(grpcPort, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).as("the gRPC port is free again").isEqualTo(grpcPort);
      }
      try (ServerSocket again = new ServerSocket(objectPort, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).as("the object port is free again").isEqualTo(objectPort);
      }
      NodeFixture.await(
          "the failed node left the GCS",
          Duration.ofSeconds(30),
          () -> survivor.raylet().gcs().members().size() == 1);
      assertThat(survivor.context().runtimeContext().nodes())
          .as("no live row of the failed node")
          .filteredOn(NodeInfo::alive)
          .hasSize(1);
    }
  }
}
