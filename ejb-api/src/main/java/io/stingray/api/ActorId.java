package io.stingray.api;

/** Identifies an actor. A value type: immutable, thread-safe, compared by bits. */
public final class ActorId extends BaseId {
  private static final long serialVersionUID = 1L;

  private ActorId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static ActorId of(long high, long low) {
    return new ActorId(high, low);
  }

  /** A new random id. */
  public static ActorId random() {
    long[] b = randomBits();
    return new ActorId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static ActorId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new ActorId(b[0], b[1]);
  }
}
