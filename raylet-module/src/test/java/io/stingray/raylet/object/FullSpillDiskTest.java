package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectStoreFullException;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spill disk that fills up (a real 1 MiB tmpfs; needs root and {@code mount}, skipped with the
 * reason otherwise): a put that needs room fails with {@link ObjectStoreFullException} and leaves
 * nothing indexed or counted, and what was in the store stays whole and readable.
 */
class FullSpillDiskTest {
  @TempDir Path tmp;
  private Path disk;
  private boolean mounted;

  static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @BeforeEach
  void mountASmallDisk() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "root, to mount a small tmpfs");
    disk = Files.createDirectory(tmp.resolve("disk"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=1m,mode=700", "tmpfs", disk.toString()) == 0;
    Assumptions.assumeTrue(mounted, "mount -t tmpfs works here");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", disk.toString());
    }
  }

  static ChunkedBytes bytes(int size, long seed) {
    byte[] d = new byte[size];
    new Random(seed).nextBytes(d);
    return ChunkedBytes.of(List.of(d));
  }

  @Test
  void aFullSpillDiskFailsThePutCleanly() {
    try (ObjectStore store = new ObjectStore(8L << 20, 0.5, disk.resolve("spill"))) {
      ObjectId a = ObjectId.random();
      ObjectId b = ObjectId.random();
      store.put(a, bytes(3 << 20, 1));
      store.put(b, bytes(3 << 20, 2)); // above the threshold: the spill of a fails, b stays
      assertThat(store.usedBytes()).isEqualTo(6L << 20);
      assertThat(store.spilledBytes()).isZero();

      ObjectId c = ObjectId.random();
      assertThatThrownBy(() -> store.put(c, bytes(3 << 20, 3)))
          .isInstanceOf(ObjectStoreFullException.class)
          .hasMessageContaining("spill");
      assertThat(store.contains(c)).as("nothing indexed").isFalse();
      assertThat(store.usedBytes()).as("nothing counted").isEqualTo(6L << 20);
      assertThat(store.spilledBytes()).isZero();
      assertThat(store.get(a).toByteArray()).isEqualTo(bytes(3 << 20, 1).toByteArray());
      assertThat(store.get(b).toByteArray()).isEqualTo(bytes(3 << 20, 2).toByteArray());
    }
  }
}
