package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectStoreFullException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store alone: bytes in, bytes out, through spilling to disk, restoring and freeing,
 * with its byte counts right at every step. Random sizes and orders, a fixed seed per round.
 */
class ObjectStoreTest {
  @TempDir Path spill;

  @Test
  void randomPutsReadsAndFreesKeepEveryObjectWholeAndTheCountsRight() {
    for (long round = 0; round < 20; round++) {
      Random random = new Random(round);
      try (ObjectStore store = new ObjectStore(4L << 20, 0.5, spill.resolve("r" + round))) {
        Map<ObjectId, byte[]> held = new HashMap<>();
        long counter = 0;
        for (int op = 0; op < 60; op++) {
          int what = random.nextInt(10);
          if (what < 5 || held.isEmpty()) {
            byte[] bytes = new byte[1 + random.nextInt(random.nextBoolean() ? 4096 : 900_000)];
            random.nextBytes(bytes);
            ObjectId id = ObjectId.of(round, ++counter);
            store.put(id, ObjectStoreReadTest.arrived(bytes, 1 + random.nextInt(300_000)));
            held.put(id, bytes);
          } else if (what < 8) {
            ObjectId id = List.copyOf(held.keySet()).get(random.nextInt(held.size()));
            assertThat(store.get(id).toByteArray())
                .as("round %d op %d: object %s", round, op, id.hex())
                .isEqualTo(held.get(id));
          } else {
            ObjectId id = List.copyOf(held.keySet()).get(random.nextInt(held.size()));
            store.delete(id);
            held.remove(id);
            assertThat(store.contains(id)).isFalse();
          }
          long total = held.values().stream().mapToLong(b -> b.length).sum();
          assertThat(store.usedBytes() + store.spilledBytes())
              .as("round %d op %d: memory and disk hold exactly the live objects", round, op)
              .isEqualTo(total);
          assertThat(store.usedBytes()).isLessThanOrEqualTo(store.capacity());
        }
        for (Map.Entry<ObjectId, byte[]> e : held.entrySet()) {
          assertThat(store.get(e.getKey()).toByteArray()).isEqualTo(e.getValue());
        }
        held.keySet().forEach(store::delete);
        assertThat(store.usedBytes()).isZero();
        assertThat(store.spilledBytes()).isZero();
        assertThat(store.spilledIds()).isEmpty();
      }
    }
  }

  @Test
  void aboveTheThresholdTheLeastRecentlyUsedGoToDiskAndComeBackWhole() {
    try (ObjectStore store = new ObjectStore(4L << 20, 0.5, spill)) {
      byte[][] data = new byte[6][];
      for (int i = 0; i < data.length; i++) {
        data[i] = new byte[600_000];
        new Random(i).nextBytes(data[i]);
        store.put(ObjectId.of(1, i), ObjectStoreReadTest.arrived(data[i], 65_536));
      }
      assertThat(store.usedBytes()).isLessThanOrEqualTo(2L << 20); // the 50 % threshold
      assertThat(store.spilledIds()).contains(ObjectId.of(1, 0)).doesNotContain(ObjectId.of(1, 5));
      for (int i = 0; i < data.length; i++) {
        assertThat(store.get(ObjectId.of(1, i)).toByteArray()).isEqualTo(data[i]);
      }
    }
  }

  @Test
  void withoutASpillDirectoryAFullStoreSaysSoAndKeepsWhatItHas() {
    try (ObjectStore store = new ObjectStore(1L << 20, 0.8, null)) {
      byte[] a = new byte[700_000];
      Arrays.fill(a, (byte) 7);
      store.put(ObjectId.of(2, 1), ObjectStoreReadTest.arrived(a, 65_536));
      assertThatThrownBy(
              () -> store.put(ObjectId.of(2, 2), ObjectStoreReadTest.arrived(new byte[700_000], 1)))
          .isInstanceOf(ObjectStoreFullException.class)
          .hasMessageContaining("spilling is disabled");
      assertThat(store.contains(ObjectId.of(2, 2))).isFalse();
      assertThat(store.get(ObjectId.of(2, 1)).toByteArray()).isEqualTo(a);
      assertThat(store.usedBytes()).isEqualTo(a.length);
    }
  }
}
