package io.stingray.raylet.serialization;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serialized bytes held as a list of chunks of at most {@link #CHUNK_SIZE}, so that a large object
 * never needs one huge array and can be stored and moved chunk by chunk. Not thread-safe while
 * written; immutable after.
 */
public final class ChunkedBytes extends OutputStream {
  /** The largest chunk: 1 MiB. */
  public static final int CHUNK_SIZE = 1 << 20;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current = new byte[256];
  private int pos;
  private long size;

  /** Wraps existing chunks (as read back from a store). */
  public static ChunkedBytes of(List<byte[]> chunks) {
    ChunkedBytes b = new ChunkedBytes();
    b.current = null;
    for (byte[] c : chunks) {
      b.chunks.add(c);
      b.size += c.length;
    }
    return b;
  }

  @Override
  public void write(int b) {
    if (pos == current.length) {
      grow(1);
    }
    current[pos++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (pos == current.length) {
        grow(len);
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(b, off, current, pos, n);
      pos += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  private void grow(int wanted) {
    if (current.length < CHUNK_SIZE) {
      int next = (int) Math.min(CHUNK_SIZE, Math.max((long) current.length * 2, pos + wanted));
      current = Arrays.copyOf(current, next);
    } else {
      chunks.add(current);
      current = new byte[CHUNK_SIZE];
      pos = 0;
    }
  }

  /** Ends writing: the last chunk is trimmed to its length. */
  public ChunkedBytes finish() {
    if (current != null) {
      if (pos > 0 || chunks.isEmpty()) {
        chunks.add(pos == current.length ? current : Arrays.copyOf(current, pos));
      }
      current = null;
    }
    return this;
  }

  /** Total bytes. */
  public long size() {
    return size;
  }

  /** The chunks, in order. */
  public List<byte[]> chunks() {
    return chunks;
  }

  /**
   * The CRC32C of all bytes: the checksum an object carries from the store it entered to every node
   * that pulls it (hardware-accelerated on x86 and ARM: several GB/s).
   */
  public int checksum() {
    return checksum(chunks);
  }

  /** The CRC32C of {@code chunks}' bytes in order, as {@link #checksum()}. */
  public static int checksum(List<byte[]> chunks) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (byte[] c : chunks) {
      crc.update(c, 0, c.length);
    }
    return (int) crc.getValue();
  }

  /**
   * A copy of {@code length} bytes from byte {@code from} on, across chunks.
   *
   * @throws IndexOutOfBoundsException if the range is not within the bytes
   */
  public byte[] copy(long from, int length) {
    if (from < 0 || length < 0 || from + length > size) {
      throw new IndexOutOfBoundsException(
          "bytes " + from + " to " + (from + length) + " of " + size);
    }
    byte[] out = new byte[length];
    int done = 0;
    long start = 0;
    for (byte[] c : chunks) {
      long end = start + c.length;
      if (end > from + done && done < length) {
        int offset = (int) (from + done - start);
        int n = Math.min(length - done, c.length - offset);
        System.arraycopy(c, offset, out, done, n);
        done += n;
      }
      start = end;
    }
    return out;
  }

  /** All bytes in one array (for small objects). */
  public byte[] toByteArray() {
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    byte[] all = new byte[Math.toIntExact(size)];
    int p = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, all, p, c.length);
      p += c.length;
    }
    return all;
  }

  /** Reads the chunks back in order. */
  public InputStream inputStream() {
    return new InputStream() {
      private int chunk;
      private int offset;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (chunk < chunks.size() && offset == chunks.get(chunk).length) {
          chunk++;
          offset = 0;
        }
        if (chunk == chunks.size()) {
          return -1;
        }
        byte[] c = chunks.get(chunk);
        int n = Math.min(len, c.length - offset);
        System.arraycopy(c, offset, b, off, n);
        offset += n;
        return n;
      }
    };
  }
}
