package io.stingray.chaos;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The remote functions and the actor the chaos workload runs: each result can be recomputed by the
 * caller, so a wrong byte anywhere on the way shows. Every node runs them with its own class path.
 */
public final class ChaosOps {
  private ChaosOps() {}

  /** A 64-bit mix of {@code x} (SplitMix64's finalizer): cheap, and any wrong result shows. */
  public static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code size} pseudo-random bytes from {@code seed}: the same on every node. */
  public static byte[] blob(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8 && i + k < size; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  /** SHA-256 of the bytes, in hex, with their length: what a task reports of an argument. */
  public static String digest(byte[] bytes) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return bytes.length + ":" + HexFormat.of().formatHex(md.digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * A counter actor. Each instance has an id of its own, returned with every value, so the caller
   * can tell a restarted instance (its count starts again) from two instances serving it at once
   * (the ids alternate).
   */
  public static final class Counter {
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private long value;

    /** Adds one; returns {@code instance:value}. */
    public String incr() {
      value++;
      return instance + ":" + value;
    }
  }
}
