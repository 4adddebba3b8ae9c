package io.stingray.example;

import io.stingray.api.RayContext;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Large results made by tasks wherever they run, to see objects move between the servers of a
 * cluster: each blob's bytes follow from its seed, so the caller checks what arrived.
 */
public final class Blobs {
  private Blobs() {}

  /** A blob made where the task runs, and the node that made it. */
  public record Blob(String node, byte[] bytes) implements java.io.Serializable {}

  public static Blob make(int mib, long seed) {
    return new Blob(
        RayContext.current().runtimeContext().currentNodeId().hex(), bytes(mib << 20, seed));
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }
}
