package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** After a partition, the newer row wins, whatever side has it. */
class RowMergeTest {
  private final ActorId id = ActorId.random();
  private final JobId job = JobId.random();
  private final NodeId a = NodeId.random();
  private final NodeId b = NodeId.random();

  private byte[] row(ActorState state, NodeId node, int restarts) {
    return RecordCodec.encode(
        new ActorRecord(id, job, "C", "n", "ns", state, node, restarts, false, null, 0));
  }

  private static int choose(byte[]... rows) {
    return new ActorRowMerge().choose(Arrays.asList(rows));
  }

  private static byte[] node(NodeId id, boolean alive, long heartbeat) {
    return RecordCodec.encode(
        new NodeRecord(
            id,
            "n",
            "h:1",
            alive,
            java.util.Map.of(),
            java.util.Map.of(),
            java.util.Map.of(),
            java.util.Set.of(),
            heartbeat));
  }

  @Test
  void aNodeRowWrittenLaterWinsAndWithTheSameTimeTheDeadOne() {
    NodeRowMerge m = new NodeRowMerge();
    // the other side marked the node dead (its last row, dead); the node wrote itself alive since
    assertThat(m.choose(Arrays.asList(node(a, false, 100), node(a, true, 105)))).isEqualTo(1);
    assertThat(m.choose(Arrays.asList(node(a, true, 100), node(a, false, 100)))).isEqualTo(1);
    assertThat(m.choose(Arrays.asList(node(a, true, 100), node(a, true, 100)))).isEqualTo(0);
  }

  @Test
  void aRestartOnTheOtherSideWinsOverThePreferredSidesStaleRow() {
    // the preferred (first) side still has the instance on a; the other side restarted it on b
    assertThat(choose(row(ActorState.ALIVE, a, 0), row(ActorState.ALIVE, b, 1))).isEqualTo(1);
    assertThat(choose(row(ActorState.ALIVE, b, 1), row(ActorState.ALIVE, a, 0))).isEqualTo(0);
    // a revive (a restart out of DEAD) is newer than the death it undoes
    assertThat(choose(row(ActorState.DEAD, a, 1), row(ActorState.RESTARTING, a, 2))).isEqualTo(1);
  }

  @Test
  void withAsManyRestartsTheLaterStateWinsAndATieKeepsThePreferredRow() {
    assertThat(choose(row(ActorState.ALIVE, a, 0), row(ActorState.DEAD, a, 0))).isEqualTo(1);
    assertThat(choose(row(ActorState.RESTARTING, a, 1), row(ActorState.ALIVE, b, 1))).isEqualTo(1);
    assertThat(choose(row(ActorState.ALIVE, a, 1), row(ActorState.ALIVE, b, 1))).isEqualTo(0);
  }

  @Test
  void aMissingOrUnreadableRowLosesToAnyReadableOne() {
    assertThat(choose(null, row(ActorState.ALIVE, a, 0))).isEqualTo(1);
    assertThat(choose(new byte[] {1, 2, 3}, row(ActorState.PENDING_CREATION, a, 0))).isEqualTo(1);
    assertThat(choose(null, new byte[] {9})).isEqualTo(-1);
  }
}
