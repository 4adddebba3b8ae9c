package io.stingray.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.admin.ClusterAdmin;
import io.stingray.raylet.NodeConfig;
import io.stingray.raylet.RayNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the health checks report, with and without a node bound where the adapter binds it. */
class AdapterProbeTest {
  @AfterEach
  void unbind() {
    InMemoryNaming.unbind(ClusterAdmin.JNDI_NAME);
  }

  @Test
  void withoutANodeBothChecksAreDownAndSayWhy() {
    ClusterAdmin.Health h = AdapterProbe.ask();
    assertThat(h.ready()).isFalse();
    assertThat(h.live()).isFalse();
    assertThat(h.detail()).contains("no Stingray node runs on this server", ClusterAdmin.JNDI_NAME);
  }

  @Test
  void aJoinedNodeIsReadyAndLiveUntilItStops() {
    RayNode node =
        RayNode.start(
            NodeConfig.builder().clusterName("probe-" + UUID.randomUUID()).numCpus(1).build());
    InMemoryNaming.bind(ClusterAdmin.JNDI_NAME, node.admin());
    assertThat(AdapterProbe.ask()).isEqualTo(new ClusterAdmin.Health(true, true, "ok"));
    node.close();
    ClusterAdmin.Health stopped = AdapterProbe.ask();
    assertThat(stopped.live()).isFalse();
    assertThat(stopped.ready()).isFalse();
    assertThat(stopped.detail()).contains("has stopped");
  }
}
