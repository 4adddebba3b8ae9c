package io.stingray.raylet.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;

/**
 * A Kryo input that reads a large byte run (a {@code byte[]} value, a string's bytes) straight from
 * the stream into its target: one copy instead of two through the input's buffer, which matters for
 * objects of many megabytes.
 *
 * <p>It also bounds what bytes from the network can make this node allocate: every array, string or
 * collection announced must have at least one byte behind each element in the message ({@link
 * #limitTo}), checked before anything is allocated for it, so that a few forged bytes cannot
 * announce gigabytes. Not thread-safe, as any Kryo input.
 */
final class DirectInput extends Input {
  private long size = Long.MAX_VALUE; // bytes of the message being read, from where reading began

  DirectInput(int bufferSize) {
    super(bufferSize);
  }

  /** The message being read next has {@code size} bytes (Long.MAX_VALUE: not known). */
  void limitTo(long size) {
    this.size = size;
  }

  /** Bytes of the message not read yet. */
  long left() {
    return size - total();
  }

  /**
   * Refuses a count of elements the rest of the message cannot hold (each element takes a byte at
   * least).
   *
   * @throws KryoException naming what was announced
   */
  void check(long count, String what) {
    if (count < 0 || count > left()) {
      throw new KryoException(
          "refused "
              + what
              + " of "
              + count
              + " elements: the message has only "
              + Math.max(0, left())
              + " bytes left");
    }
  }

  @Override
  public byte[] readBytes(int length) {
    check(length, "a byte array");
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    check(length, "an int array");
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    check(length, "an int array");
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    check(length, "a long array");
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    check(length, "a long array");
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    check(length, "a float array");
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    check(length, "a double array");
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    check(length, "a short array");
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    check(length, "a char array");
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    check(length, "a boolean array");
    return super.readBooleans(length);
  }

  /**
   * Checks a UTF-8 string's announced length before Kryo sizes its char buffer by it (an ASCII
   * string, or one of under 64 characters, announces nothing large).
   */
  @Override
  public String readString() {
    require(1);
    int b = buffer[position];
    if ((b & 0xC0) == 0xC0) { // UTF-8 (bit 8) with a length of more than one byte (bit 7)
      require(5); // a length of more bytes than this is followed by 64 characters at least
      int p = position + 1;
      int count = b & 0x3F;
      int next = buffer[p++];
      count |= (next & 0x7F) << 6;
      for (int shift = 13; (next & 0x80) != 0 && shift <= 27; shift += 7) {
        next = buffer[p++];
        count |= (next & 0x7F) << shift;
      }
      check((count & 0xFFFFFFFFL) - 1, "a string");
    }
    return super.readString();
  }

  /**
   * The unsigned variable-length int at the read position, without consuming it (an array's or
   * collection's length, to check before its serializer allocates).
   */
  int peekVarInt() {
    int available = require(1);
    int n = Math.min(available, 5);
    int result = 0;
    for (int i = 0; i < n; i++) {
      int b = buffer[position + i];
      result |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    require(5);
    return peekVarIntFromBuffer();
  }

  private int peekVarIntFromBuffer() {
    int result = 0;
    for (int i = 0; i < 5; i++) {
      int b = buffer[position + i];
      result |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new KryoException("malformed length");
  }

  @Override
  public void readBytes(byte[] bytes, int offset, int count) {
    if (inputStream == null || count <= capacity) {
      super.readBytes(bytes, offset, count);
      return;
    }
    int buffered = Math.min(limit - position, count);
    System.arraycopy(buffer, position, bytes, offset, buffered);
    position += buffered;
    int at = offset + buffered;
    int left = count - buffered;
    while (left > 0) {
      int n;
      try {
        n = inputStream.read(bytes, at, left);
      } catch (IOException e) {
        throw new KryoException(e);
      }
      if (n < 0) {
        throw new KryoException("Buffer underflow.");
      }
      at += n;
      left -= n;
      total += n;
    }
  }
}
