package io.stingray.raylet.object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;
import org.mapdb.Store;

/**
 * One object's bytes as MapDB records of at most {@link #PIECE} bytes. MapDB keeps a larger record
 * as a linked list and copies it over and over while reading it back (a 64 MiB object took 25–70 ms
 * to read in 1 MiB records); below its 64 KiB record limit a read is one copy. Pieces are read back
 * grouped into chunks of up to {@link #PER_CHUNK} pieces, each written straight into its chunk's
 * array. Immutable; the store synchronizes access.
 */
final class Pieces {
  /** Bytes per record: under MapDB's largest unlinked record (0xFFFF - 15). */
  static final int PIECE = 0xFFFF - 15 - 16;

  /** Pieces per chunk read back (about 1 MiB). */
  static final int PER_CHUNK = 16;

  private final long[] recids;
  private final int[] lengths;

  private Pieces(long[] recids, int[] lengths) {
    this.recids = recids;
    this.lengths = lengths;
  }

  /** Writes {@code chunks} (any sizes) into {@code store} as pieces. */
  static Pieces write(Store store, List<byte[]> chunks) {
    int n = 0;
    for (byte[] c : chunks) {
      n += (c.length + PIECE - 1) / PIECE;
    }
    long[] recids = new long[n];
    int[] lengths = new int[n];
    int i = 0;
    for (byte[] c : chunks) {
      for (int off = 0; off < c.length; off += PIECE) {
        int len = Math.min(PIECE, c.length - off);
        recids[i] = store.put(new Slice(c, off, len), Slice.SERIALIZER);
        lengths[i++] = len;
      }
    }
    return new Pieces(recids, lengths);
  }

  /** How many chunks {@link #chunk} reads back. */
  int chunks() {
    return (recids.length + PER_CHUNK - 1) / PER_CHUNK;
  }

  /** Chunk {@code k}: pieces {@code k * PER_CHUNK ...}, read into one new array. */
  byte[] chunk(Store store, int k) {
    int from = k * PER_CHUNK;
    int to = Math.min(recids.length, from + PER_CHUNK);
    int size = 0;
    for (int i = from; i < to; i++) {
      size += lengths[i];
    }
    byte[] out = new byte[size];
    int offset = 0;
    for (int i = from; i < to; i++) {
      store.get(recids[i], new Into(out, offset));
      offset += lengths[i];
    }
    return out;
  }

  /** Every chunk, in order. */
  List<byte[]> readAll(Store store) {
    List<byte[]> all = new ArrayList<>(chunks());
    for (int k = 0; k < chunks(); k++) {
      all.add(chunk(store, k));
    }
    return all;
  }

  /** Copies the pieces into {@code to} (spilling or restoring), then frees them in {@code from}. */
  Pieces moveTo(Store from, Store to) {
    long[] moved = new long[recids.length];
    int i = 0;
    for (int k = 0; k < chunks(); k++) {
      byte[] c = chunk(from, k);
      int end = Math.min(recids.length, (k + 1) * PER_CHUNK);
      for (int off = 0; i < end; i++) {
        moved[i] = to.put(new Slice(c, off, lengths[i]), Slice.SERIALIZER);
        off += lengths[i];
      }
    }
    free(from);
    return new Pieces(moved, lengths);
  }

  void free(Store store) {
    for (long r : recids) {
      store.delete(r, Slice.SERIALIZER);
    }
  }

  /** A range of an array, written as a record without copying it first. */
  private record Slice(byte[] array, int offset, int length) {
    static final Serializer<Slice> SERIALIZER =
        new Serializer<>() {
          @Override
          public void serialize(DataOutput2 out, Slice s) throws IOException {
            out.write(s.array, s.offset, s.length);
          }

          @Override
          public Slice deserialize(DataInput2 in, int available) {
            throw new UnsupportedOperationException("pieces are read with Into");
          }
        };
  }

  /** Reads one record into a given array at a given offset. */
  private record Into(byte[] target, int offset) implements Serializer<byte[]> {
    @Override
    public void serialize(DataOutput2 out, byte[] value) {
      throw new UnsupportedOperationException("pieces are written as slices");
    }

    @Override
    public byte[] deserialize(DataInput2 in, int available) throws IOException {
      in.readFully(target, offset, available);
      return target;
    }
  }
}
