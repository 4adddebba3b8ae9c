package io.stingray.api;

/**
 * Identifies an immutable object in the object store. A value type: immutable, thread-safe,
 * compared by bits.
 */
public final class ObjectId extends BaseId {
  private static final long serialVersionUID = 1L;

  private ObjectId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static ObjectId of(long high, long low) {
    return new ObjectId(high, low);
  }

  /** A new random id. */
  public static ObjectId random() {
    long[] b = randomBits();
    return new ObjectId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static ObjectId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new ObjectId(b[0], b[1]);
  }
}
