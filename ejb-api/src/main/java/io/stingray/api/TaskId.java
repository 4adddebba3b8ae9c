package io.stingray.api;

/** Identifies a task. A value type: immutable, thread-safe, compared by bits. */
public final class TaskId extends BaseId {
  private static final long serialVersionUID = 1L;

  private TaskId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static TaskId of(long high, long low) {
    return new TaskId(high, low);
  }

  /** A new random id. */
  public static TaskId random() {
    long[] b = randomBits();
    return new TaskId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static TaskId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new TaskId(b[0], b[1]);
  }
}
