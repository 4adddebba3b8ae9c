package io.stingray.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Payara scenario reads the servers' answers as they are written (Payara Micro 6's metrics
 * format, the example's JSON) and tells a wrong answer from a right one.
 */
class MicroAnswersTest {
  private static final String A = "cbe7d90280b8eb86a216105c280c98b8";
  private static final String B = "798e8691ee508a2d14d990be0712ce16";

  @Test
  void theStoreFigureIsReadFromPayaraMetrics() {
    String metrics =
        "# TYPE stingray_object_store_used_bytes gauge\n"
            + "stingray_object_store_used_bytes_total{mp_scope=\"application\"} 9.0\n"
            + "stingray_object_store_used_bytes{mp_scope=\"application\"} 2.3070234E7\n"
            + "stingray_object_store_capacity_bytes{mp_scope=\"application\"} 2.01326592E8\n";
    assertThat(MicroAgent.store(metrics)).isEqualTo(23_070_234L);
    assertThat(MicroAgent.store("stingray_object_store_used_bytes 0.0\n")).isZero();
    assertThat(MicroAgent.store("# nothing here\n")).isNull();
  }

  @Test
  void theAliveNodesAreReadFromTheExample() {
    assertThat(
            MicroAgent.alive(
                "{\"self\":\"" + A + "\",\"alive\":[\"" + B + "\",\"" + A + "\"],\"dead\":[]}"))
        .isEqualTo(B + "," + A);
    assertThat(MicroAgent.alive("{\"self\":\"" + A + "\",\"alive\":[],\"dead\":[]}"))
        .isEqualTo("-");
    assertThat(MicroAgent.alive("<html>Service Unavailable</html>")).isNull();
  }

  @Test
  void spreadIsRightOnlyWhenEveryTaskIsAccountedFor() {
    String right = "{\"self\":\"" + A + "\",\"nodes\":{\"" + A + "\":4,\"" + B + "\":2}}";
    String lost = "{\"self\":\"" + A + "\",\"nodes\":{\"" + A + "\":4,\"" + B + "\":1}}";
    assertThat(MicroWork.check("spread", right)).isNull();
    assertThat(MicroWork.check("spread", lost)).startsWith("WRONG 6 tasks, 5 accounted for");
  }

  @Test
  void blobsAreRightOnlyIntactAndComplete() {
    String nodes =
        "\"nodes\":{\""
            + A
            + "\":{\"blobs\":2,\"bytes\":2097152},\""
            + B
            + "\":{\"blobs\":1,\"bytes\":1048576}}";
    assertThat(MicroWork.check("blobs", "{" + nodes + ",\"intact\":true}")).isNull();
    assertThat(MicroWork.check("blobs", "{" + nodes + ",\"intact\":false}"))
        .startsWith("WRONG blobs arrived damaged");
    assertThat(
            MicroWork.check(
                "blobs", "{\"nodes\":{\"" + A + "\":{\"blobs\":2,\"bytes\":2}},\"intact\":true}"))
        .startsWith("WRONG 3 blobs, 2 accounted for");
  }

  @Test
  void piIsRightOnlyNearPi() {
    assertThat(MicroWork.check("pi", "{\"pi\":3.14023,\"samples\":400000}")).isNull();
    assertThat(MicroWork.check("pi", "{\"pi\":2.5,\"samples\":400000}")).startsWith("WRONG pi");
    assertThat(MicroWork.check("pi", "{}")).startsWith("WRONG no estimate");
  }
}
