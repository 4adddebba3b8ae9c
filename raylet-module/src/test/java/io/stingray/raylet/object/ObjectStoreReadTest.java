package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ObjectId;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading an object chunk by chunk (as a pull streams it) while the store changes how it holds the
 * object: the bytes read must be the bytes put, whatever happens between two chunk reads.
 */
class ObjectStoreReadTest {
  @TempDir Path spill;

  /** Bytes arriving from the network in pieces of the given size (as a pull keeps them). */
  static ChunkedBytes arrived(byte[] all, int piece) {
    List<byte[]> chunks = new ArrayList<>();
    for (int off = 0; off < all.length; off += piece) {
      chunks.add(java.util.Arrays.copyOfRange(all, off, Math.min(all.length, off + piece)));
    }
    return ChunkedBytes.of(chunks);
  }

  static byte[] random(int size, long seed) {
    byte[] d = new byte[size];
    new Random(seed).nextBytes(d);
    return d;
  }

  /** Reads every chunk; {@code between} runs after the first chunk is read. */
  static byte[] readChunked(ObjectStore store, ObjectId id, Runnable between) {
    ObjectStore.Layout layout = store.layout(id);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < layout.chunks(); i++) {
      byte[] c = store.chunk(id, i);
      assertThat(c).as("chunk " + i + " of " + layout.chunks()).isNotNull();
      out.writeBytes(c);
      if (i == 0) {
        between.run();
      }
    }
    return out.toByteArray();
  }

  @Test
  void aReadThatSpansTheCopyIntoTheStoreGetsThePutBytes() {
    try (ObjectStore store = new ObjectStore(256L << 20, 0.8, spill)) {
      ObjectId id = ObjectId.random();
      byte[] data = random(5_000_000, 1);
      List<Runnable> pending = new ArrayList<>();
      Executor later = pending::add;
      ChunkedBytes arrived = arrived(data, 256 << 10);
      store.putLater(id, arrived, arrived.checksum(), later);
      byte[] read = readChunked(store, id, () -> pending.forEach(Runnable::run));
      assertThat(read).isEqualTo(data);
    }
  }

  @Test
  void aSpilledObjectWhoseBytesChangedOnDiskIsDroppedNotHandedOut() throws Exception {
    try (ObjectStore store = new ObjectStore(16L << 20, 0.5, spill)) {
      ObjectId id = ObjectId.random();
      byte[] data = random(5_000_000, 4);
      store.put(id, arrived(data, 1 << 20));
      store.put(ObjectId.random(), arrived(random(6_000_000, 5), 1 << 20));
      assertThat(store.spilledIds()).contains(id);

      // someone (a disk, another local user) changes one byte of it in the spill file
      java.nio.file.Path file;
      try (var files = java.nio.file.Files.list(spill)) {
        file =
            files
                .filter(f -> f.getFileName().toString().startsWith("stingray-spill-"))
                .findFirst()
                .orElseThrow();
      }
      byte[] needle = java.util.Arrays.copyOfRange(data, 2_000_000, 2_000_064);
      byte[] disk = java.nio.file.Files.readAllBytes(file);
      int at = indexOf(disk, needle);
      assertThat(at).as("the object's bytes are in the spill file").isNotNegative();
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
        f.seek(at + 10);
        f.write(disk[at + 10] ^ 0x5a);
      }

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(id))
          .isInstanceOf(io.stingray.api.exception.ObjectLostException.class)
          .hasMessageContaining(id.hex())
          .hasMessageContaining("corrupted");
      assertThat(store.checksumFailures()).isEqualTo(1);
      assertThat(store.contains(id)).as("dropped, not kept for the next reader").isFalse();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aReadThatSpansASpillAndRestoreGetsThePutBytes() {
    try (ObjectStore store = new ObjectStore(16L << 20, 0.5, spill)) {
      ObjectId id = ObjectId.random();
      byte[] data = random(5_000_000, 2);
      store.put(id, arrived(data, 1 << 20));
      byte[] read =
          readChunked(
              store,
              id,
              () -> {
                store.put(ObjectId.random(), arrived(random(6_000_000, 3), 1 << 20));
                assertThat(store.spilledIds()).as("the object spilled meanwhile").contains(id);
              });
      assertThat(read).isEqualTo(data);
    }
  }
}
