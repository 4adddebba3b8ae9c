package io.stingray.api;

/**
 * Identifies a job (a driver or a deployed application). A value type: immutable, thread-safe,
 * compared by bits.
 */
public final class JobId extends BaseId {
  private static final long serialVersionUID = 1L;

  private JobId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static JobId of(long high, long low) {
    return new JobId(high, low);
  }

  /** A new random id. */
  public static JobId random() {
    long[] b = randomBits();
    return new JobId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static JobId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new JobId(b[0], b[1]);
  }
}
