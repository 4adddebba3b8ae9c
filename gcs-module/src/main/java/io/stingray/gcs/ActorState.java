package io.stingray.gcs;

/**
 * The states of an actor in the actor table: {@code PENDING_CREATION → ALIVE ⇄ RESTARTING → DEAD}.
 */
public enum ActorState {
  PENDING_CREATION,
  ALIVE,
  RESTARTING,
  DEAD;

  /** Whether the table accepts a move from this state to {@code next}. */
  public boolean canMoveTo(ActorState next) {
    return switch (this) {
      case PENDING_CREATION -> next == ALIVE || next == DEAD;
      case ALIVE -> next == RESTARTING || next == DEAD;
      case RESTARTING -> next == ALIVE || next == DEAD;
      case DEAD -> false;
    };
  }
}
