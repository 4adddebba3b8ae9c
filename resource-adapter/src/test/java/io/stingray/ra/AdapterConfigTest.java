package io.stingray.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.raylet.NodeConfig;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterConfigTest {
  private static AdapterConfig with(Map<String, String> sys, Map<String, String> env) {
    return new AdapterConfig(sys::get, env::get);
  }

  @Test
  void defaultsMakeALoopbackNode() throws Exception {
    NodeConfig c = with(Map.of(), Map.of()).nodeConfig(new StingrayResourceAdapter());
    assertThat(c.clusterName()).isEqualTo("stingray");
    assertThat(c.numCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.objectStoreMemory()).isEqualTo(256L << 20);
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.spillDirectory()).isNotNull();
    assertThat(c.objectPort()).isZero();
    assertThat(c.tls()).as("plain TCP unless configured").isNull();
    assertThat(
            with(Map.of(), Map.of("STINGRAY_OBJECT_PORT", "-1"))
                .nodeConfig(new StingrayResourceAdapter())
                .objectPort())
        .isEqualTo(-1);
  }

  @Test
  void aNodeOnANetworkAddressWithoutASecretOrTlsIsRefusedAtDeploy() throws Exception {
    assertThatThrownBy(
            () ->
                with(Map.of(), Map.of("STINGRAY_BIND_ADDRESS", "0.0.0.0"))
                    .nodeConfig(new StingrayResourceAdapter()))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("clusterSecret")
        .hasMessageContaining("tlsCertificate");
    NodeConfig withSecret =
        with(
                Map.of(),
                Map.of("STINGRAY_BIND_ADDRESS", "0.0.0.0", "STINGRAY_CLUSTER_SECRET", "s3cret"))
            .nodeConfig(new StingrayResourceAdapter());
    assertThat(withSecret.bindAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void systemPropertiesWinOverEnvironmentOverDescriptor() throws Exception {
    StingrayResourceAdapter ra = new StingrayResourceAdapter();
    ra.setNumCpus("3");
    ra.setResources("GPU=1");
    ra.setSpillDirectory("/tmp/from-descriptor");
    NodeConfig c =
        with(
                Map.of("stingray.numCpus", "5"),
                Map.of(
                    "STINGRAY_NUM_CPUS",
                    "4",
                    "STINGRAY_RESOURCES",
                    "GPU=2,ssd=4.5",
                    "STINGRAY_CLUSTER_NAME",
                    "prod"))
            .nodeConfig(ra);
    assertThat(c.numCpus()).isEqualTo(5);
    assertThat(c.resources()).containsEntry("GPU", 2.0).containsEntry("ssd", 4.5);
    assertThat(c.clusterName()).isEqualTo("prod");
    assertThat(c.spillDirectory()).isEqualTo(Path.of("/tmp/from-descriptor"));
    ra.setSpillDirectory("none");
    assertThat(with(Map.of(), Map.of()).nodeConfig(ra).spillDirectory()).isNull();
  }

  @Test
  void badValuesNameThePropertyAndWhatItAccepts() {
    StingrayResourceAdapter ra = new StingrayResourceAdapter();
    ra.setNumCpus("many");
    assertThatThrownBy(() -> with(Map.of(), Map.of()).nodeConfig(ra))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("'numCpus'")
        .hasMessageContaining("STINGRAY_NUM_CPUS")
        .hasMessageContaining("many")
        .hasMessageContaining("whole number");
    assertThatThrownBy(
            () ->
                with(Map.of(), Map.of("STINGRAY_RESOURCES", "GPU"))
                    .nodeConfig(new StingrayResourceAdapter()))
        .hasMessageContaining("'resources'")
        .hasMessageContaining("NAME=QUANTITY");
    assertThatThrownBy(
            () ->
                with(Map.of("stingray.objectStoreMemory", "12"), Map.of())
                    .nodeConfig(new StingrayResourceAdapter()))
        .hasMessageContaining("'objectStoreMemory'");
    assertThatThrownBy(
            () ->
                with(Map.of("stingray.grpcPort", "70000"), Map.of())
                    .nodeConfig(new StingrayResourceAdapter()))
        .hasMessageContaining("'grpcPort'");
    assertThatThrownBy(
            () ->
                with(Map.of("stingray.objectPort", "-2"), Map.of())
                    .nodeConfig(new StingrayResourceAdapter()))
        .hasMessageContaining("'objectPort'")
        .hasMessageContaining("-1 for none");
    assertThatThrownBy(
            () ->
                with(Map.of("stingray.tlsCertificate", "/etc/stingray/node.pem"), Map.of())
                    .nodeConfig(new StingrayResourceAdapter()))
        .isInstanceOf(ResourceAdapterInternalException.class)
        .hasMessageContaining("TLS needs a certificate, a key and a trust file together");
    assertThatThrownBy(
            () ->
                with(Map.of("stingray.strictClassFilter", "yes"), Map.of())
                    .nodeConfig(new StingrayResourceAdapter()))
        .hasMessageContaining("'strictClassFilter'");
  }

  @Test
  void adaptersAndFactoriesCompareByConfiguration() {
    StingrayResourceAdapter a = new StingrayResourceAdapter();
    StingrayResourceAdapter b = new StingrayResourceAdapter();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    b.setClusterName("other");
    assertThat(a).isNotEqualTo(b);
    RayManagedConnectionFactory f1 = new RayManagedConnectionFactory();
    RayManagedConnectionFactory f2 = new RayManagedConnectionFactory();
    f1.setResourceAdapter(a);
    f2.setResourceAdapter(a);
    assertThat(f1).isEqualTo(f2).hasSameHashCodeAs(f2);
  }
}
