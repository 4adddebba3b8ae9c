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
 * array. Every piece but the last is exactly {@link #PIECE} bytes, whatever chunks the bytes came
 * in: chunk {@code k} is always bytes {@code k * CHUNK ... (k + 1) * CHUNK} of the object, so a
 * reader that reads chunk by chunk while the object moves (spilled, restored, copied in from the
 * heap) still reads one consistent sequence. Immutable; the store synchronizes access.
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

  /** Bytes per chunk read back: {@link #PER_CHUNK} whole pieces. */
  static final int CHUNK = PIECE * PER_CHUNK;

  /** How many chunks an object of {@code size} bytes reads back as. */
  static int chunksOf(long size) {
    return Math.toIntExact((size + CHUNK - 1) / CHUNK);
  }

  /** Writes {@code chunks} (any sizes) into {@code store} as pieces of {@link #PIECE} bytes. */
  static Pieces write(Store store, List<byte[]> chunks) {
    long size = 0;
    for (byte[] c : chunks) {
      size += c.length;
    }
    int n = Math.toIntExact((size + PIECE - 1) / PIECE);
    long[] recids = new long[n];
    int[] lengths = new int[n];
    Gather from = new Gather(chunks);
    for (int i = 0; i < n; i++) {
      int len = (int) Math.min(PIECE, size - (long) i * PIECE);
      recids[i] = store.put(from.next(len), Span.SERIALIZER);
      lengths[i] = len;
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

  /**
   * Copies the pieces into {@code to} (spilling or restoring), then frees them in {@code from}.
   *
   * @param read updated with every byte read from {@code from}, in order (null: not checked)
   */
  Pieces moveTo(Store from, Store to, java.util.zip.Checksum read) {
    long[] moved = new long[recids.length];
    int i = 0;
    try {
      for (int k = 0; k < chunks(); k++) {
        byte[] c = chunk(from, k);
        if (read != null) {
          read.update(c, 0, c.length);
        }
        int end = Math.min(recids.length, (k + 1) * PER_CHUNK);
        for (int off = 0; i < end; i++) {
          moved[i] = to.put(new Span(List.of(new Slice(c, off, lengths[i]))), Span.SERIALIZER);
          off += lengths[i];
        }
      }
    } catch (RuntimeException failed) { // a full disk, say: no half copy is left in `to`
      for (int j = 0; j < i; j++) {
        try {
          to.delete(moved[j], Span.SERIALIZER);
        } catch (RuntimeException ignored) {
          // the store is failing: what stays is freed with its file
        }
      }
      throw failed;
    }
    free(from);
    return new Pieces(moved, lengths);
  }

  void free(Store store) {
    for (long r : recids) {
      store.delete(r, Span.SERIALIZER);
    }
  }

  /** A range of an array. */
  private record Slice(byte[] array, int offset, int length) {}

  /** One piece's bytes as ranges of the arrays they came in, written without copying them first. */
  private record Span(List<Slice> slices) {
    static final Serializer<Span> SERIALIZER =
        new Serializer<>() {
          @Override
          public void serialize(DataOutput2 out, Span s) throws IOException {
            for (Slice x : s.slices) {
              out.write(x.array, x.offset, x.length);
            }
          }

          @Override
          public Span deserialize(DataInput2 in, int available) {
            throw new UnsupportedOperationException("pieces are read with Into");
          }
        };
  }

  /** Walks a list of arrays, handing out consecutive ranges of any length across them. */
  private static final class Gather {
    private final List<byte[]> chunks;
    private int chunk;
    private int offset;

    Gather(List<byte[]> chunks) {
      this.chunks = chunks;
    }

    Span next(int length) {
      List<Slice> out = new ArrayList<>(2);
      while (length > 0) {
        byte[] c = chunks.get(chunk);
        int n = Math.min(length, c.length - offset);
        if (n > 0) {
          out.add(new Slice(c, offset, n));
        }
        offset += n;
        length -= n;
        if (offset == c.length) {
          chunk++;
          offset = 0;
        }
      }
      return new Span(out);
    }
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
