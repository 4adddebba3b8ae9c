package io.stingray.gcs;

/**
 * How an actor's row written differently on the two sides of a partition is merged once it heals:
 * the row further along the actor's life wins, whichever side it comes from (a stale side's row
 * otherwise brought back an instance the other side had replaced). Further along means: more
 * restarts (a restart, a revive included, is newer than the instance it replaced); with as many,
 * the later state (created, restarting, alive, dead: a kill on one side is newer than the other's
 * unchanged row); with both equal, Infinispan's preferred entry. A row only one side has is kept.
 */
public final class ActorRowMerge extends RowMerge<ActorRecord> {
  @Override
  ActorRecord decode(byte[] row) {
    return RecordCodec.decodeActor(row);
  }

  @Override
  boolean newer(ActorRecord a, ActorRecord b) {
    if (a.numRestarts() != b.numRestarts()) {
      return a.numRestarts() > b.numRestarts();
    }
    return rank(a.state()) > rank(b.state());
  }

  private static int rank(ActorState s) {
    return switch (s) {
      case PENDING_CREATION -> 0;
      case RESTARTING -> 1;
      case ALIVE -> 2;
      case DEAD -> 3;
    };
  }
}
