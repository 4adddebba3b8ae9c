package io.stingray.api;

import java.io.Serializable;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 128-bit identifier: the common part of every id type. Immutable and thread-safe; equal ids are
 * of the same type and bits.
 */
public abstract class BaseId implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long high;
  private final long low;

  protected BaseId(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /** The upper 64 bits. */
  public final long high() {
    return high;
  }

  /** The lower 64 bits. */
  public final long low() {
    return low;
  }

  /** 32 lowercase hex digits. */
  public final String hex() {
    HexFormat f = HexFormat.of();
    return f.toHexDigits(high) + f.toHexDigits(low);
  }

  /** Random 128 bits, for ids that must be unique without coordination. */
  protected static long[] randomBits() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new long[] {r.nextLong(), r.nextLong()};
  }

  /**
   * Parses 32 hex digits.
   *
   * @throws IllegalArgumentException if the text is not 32 hex digits
   */
  protected static long[] parseHex(String hex) {
    if (hex == null || hex.length() != 32) {
      throw new IllegalArgumentException("an id is 32 hex digits, got: " + hex);
    }
    try {
      return new long[] {
        HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32)
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an id is 32 hex digits, got: " + hex, e);
    }
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof BaseId other
        && other.getClass() == getClass()
        && other.high == high
        && other.low == low;
  }

  @Override
  public final int hashCode() {
    long h = high * 0x9E3779B97F4A7C15L ^ low;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + hex() + ")";
  }
}
