package io.stingray.raylet.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;

/**
 * A Kryo input that reads a large byte run (a {@code byte[]} value, a string's bytes) straight from
 * the stream into its target: one copy instead of two through the input's buffer, which matters for
 * objects of many megabytes. Not thread-safe, as any Kryo input.
 */
final class DirectInput extends Input {
  DirectInput(int bufferSize) {
    super(bufferSize);
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
