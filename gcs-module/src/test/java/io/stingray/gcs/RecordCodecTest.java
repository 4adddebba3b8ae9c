package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementGroupId;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GCS rows come from every member: a malformed one is refused cheaply and skipped in a table. */
class RecordCodecTest {
  static NodeRecord node(String name) {
    return new NodeRecord(
        NodeId.random(),
        name,
        "127.0.0.1:1",
        true,
        Map.of("CPU", 2.0),
        Map.of(),
        Map.of(),
        Set.of(),
        1L);
  }

  /** A placement-group row whose bundle count says 2^31-1, in a handful of bytes. */
  static byte[] forgedGroup() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) 1); // version
    b.put((byte) 1).putLong(1).putLong(2); // id
    b.put((byte) 0).put((byte) 0).put((byte) 0); // name, strategy, state: null
    b.put((byte) 0); // creator: null
    b.putInt(Integer.MAX_VALUE); // bundles
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  @Test
  void aForgedCountIsRefusedBeforeAnythingIsAllocatedForIt() {
    assertThatThrownBy(() -> RecordCodec.decodeGroup(forgedGroup()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt GCS record")
        .hasMessageContaining("a count of " + Integer.MAX_VALUE);
  }

  @Test
  void rowsRoundTripAndTrailingBytesAreRefused() {
    NodeRecord n = node("a");
    assertThat(RecordCodec.decodeNode(RecordCodec.encode(n))).isEqualTo(n);
    byte[] longer =
        java.util.Arrays.copyOf(RecordCodec.encode(n), RecordCodec.encode(n).length + 3);
    assertThatThrownBy(() -> RecordCodec.decodeNode(longer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the record");
    PlacementGroupRecord g =
        new PlacementGroupRecord(
            PlacementGroupId.random(),
            null,
            "PACK",
            "CREATED",
            NodeId.random(),
            List.of(Map.of("CPU", 1.0)),
            Map.of(0, NodeId.random()));
    assertThat(RecordCodec.decodeGroup(RecordCodec.encode(g))).isEqualTo(g);
    // an actor's maxTaskRetries travels with its row: callers on other nodes retry by it
    ActorRecord a =
        new ActorRecord(
            io.stingray.api.ActorId.random(),
            io.stingray.api.JobId.random(),
            "C",
            "n",
            "ns",
            ActorState.ALIVE,
            NodeId.random(),
            1,
            false,
            null,
            -1);
    assertThat(RecordCodec.decodeActor(RecordCodec.encode(a))).isEqualTo(a);
    assertThat(
            RecordCodec.decodeActor(RecordCodec.encode(a.withState(ActorState.DEAD, null, 1, "x")))
                .maxTaskRetries())
        .isEqualTo(-1);
  }

  @Test
  void oneBadRowIsSkippedNotFatalToTheTable() {
    NodeRecord a = node("a");
    NodeRecord b = node("b");
    List<NodeRecord> all =
        RecordCodec.decodeAll(
            List.of(RecordCodec.encode(a), new byte[] {1, 1, 2}, RecordCodec.encode(b)),
            RecordCodec::decodeNode,
            "node");
    assertThat(all).containsExactly(a, b);
  }
}
