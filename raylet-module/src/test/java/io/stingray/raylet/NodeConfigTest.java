package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A node's settings: no built-in secret on a network. */
class NodeConfigTest {
  @Test
  void aNodeOnANetworkAddressNeedsASecretOrTlsAndTheMessageSaysHow() {
    assertThatThrownBy(() -> NodeConfig.builder().clusterName("c").bindAddress("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("cluster secret")
        .hasMessageContaining("STINGRAY_CLUSTER_SECRET")
        .hasMessageContaining("TLS");
    assertThat(
            NodeConfig.builder()
                .clusterName("c")
                .bindAddress("0.0.0.0")
                .clusterSecret("a secret of this cluster")
                .build()
                .bindAddress())
        .isEqualTo("0.0.0.0");
    assertThat(
            NodeConfig.builder()
                .clusterName("c")
                .bindAddress("0.0.0.0")
                .tls(Path.of("cert.pem"), Path.of("key.pem"), Path.of("trust.pem"))
                .build()
                .tls())
        .isNotNull();
  }

  @Test
  void onLoopbackTheBuiltInSecretStays() {
    assertThat(NodeConfig.builder().clusterName("c").build().clusterSecret()).isNull();
    assertThat(NodeConfig.builder().clusterName("c").bindAddress("::1").build().bindAddress())
        .isEqualTo("::1");
  }
}
