package io.stingray.gcs;

/**
 * A write about an actor's older instance (fewer restarts) than the one its row is about: refused,
 * and final for that instance, since a later instance's state must not be overwritten by an earlier
 * one's. A writer that means the actor whatever its instance reads the row again and rebuilds its
 * write.
 */
public final class StaleActorRowException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The restart count of the instance the row is about. */
  private final int rowRestarts;

  public StaleActorRowException(String message, int rowRestarts) {
    super(message);
    this.rowRestarts = rowRestarts;
  }

  /** The restart count of the instance the row is about when the write was refused. */
  public int rowRestarts() {
    return rowRestarts;
  }
}
