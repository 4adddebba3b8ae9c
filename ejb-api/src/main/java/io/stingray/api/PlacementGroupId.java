package io.stingray.api;

/** Identifies a placement group. A value type: immutable, thread-safe, compared by bits. */
public final class PlacementGroupId extends BaseId {
  private static final long serialVersionUID = 1L;

  private PlacementGroupId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static PlacementGroupId of(long high, long low) {
    return new PlacementGroupId(high, low);
  }

  /** A new random id. */
  public static PlacementGroupId random() {
    long[] b = randomBits();
    return new PlacementGroupId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static PlacementGroupId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new PlacementGroupId(b[0], b[1]);
  }
}
