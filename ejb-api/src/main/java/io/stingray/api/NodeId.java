package io.stingray.api;

/** Identifies a node (one raylet). A value type: immutable, thread-safe, compared by bits. */
public final class NodeId extends BaseId {
  private static final long serialVersionUID = 1L;

  private NodeId(long high, long low) {
    super(high, low);
  }

  /** The id with these bits. */
  public static NodeId of(long high, long low) {
    return new NodeId(high, low);
  }

  /** A new random id. */
  public static NodeId random() {
    long[] b = randomBits();
    return new NodeId(b[0], b[1]);
  }

  /**
   * Parses {@link #hex()} output.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  public static NodeId fromHex(String hex) {
    long[] b = parseHex(hex);
    return new NodeId(b[0], b[1]);
  }
}
