package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.WaitResult;
import io.stingray.api.exception.GetTimeoutException;
import io.stingray.api.exception.ObjectStoreFullException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectsTest {
  static RayNode node;
  static RayContext ray;

  @BeforeAll
  static void start() {
    node = NodeFixture.start(2);
    ray = node.context();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static int sleepThen(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  record Point(int x, int y) {}

  @Test
  void putAndGetReturnEqualCopies() {
    List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
    ObjectRef<List<Integer>> ref = ray.put(list);
    list.add(4);
    assertThat(ray.get(ref)).containsExactly(1, 2, 3);
    assertThat(ray.get(ref)).isNotSameAs(ray.get(ref));
    assertThat(ray.get(ray.put(new Point(1, 2)))).isEqualTo(new Point(1, 2));
    assertThat(ray.get(ray.put(Map.of("a", List.of(1))))).isEqualTo(Map.of("a", List.of(1)));
    assertThat(ray.get(ray.put((Object) null))).isNull();
    assertThat(ray.put("x")).isNotEqualTo(ray.put("x"));
  }

  @Test
  void getWithTimeoutThrowsWhenTheObjectIsLate() {
    ObjectRef<Integer> slow = ray.task(ObjectsTest::sleepThen, 2000).remote();
    assertThatThrownBy(() -> ray.get(slow, Duration.ofMillis(50)))
        .isInstanceOf(GetTimeoutException.class)
        .hasMessageContaining(slow.id().hex())
        .hasMessageContaining("its task ObjectsTest.sleepThen ") // and where it is: queued, running
        .hasMessageNotContaining("has ended");
    assertThat(ray.get(slow, Duration.ofSeconds(30))).isEqualTo(2000);
  }

  @Test
  void getListKeepsOrder() {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 5; i >= 0; i--) {
      refs.add(ray.task(ObjectsTest::sleepThen, i * 20).remote());
    }
    assertThat(ray.get(refs)).containsExactly(100, 80, 60, 40, 20, 0);
    assertThat(ray.get(refs, Duration.ofSeconds(10))).containsExactly(100, 80, 60, 40, 20, 0);
  }

  @Test
  void waitSplitsReadyAndUnreadyInOrder() {
    ObjectRef<Integer> fast = ray.put(1);
    ObjectRef<Integer> slow = ray.task(ObjectsTest::sleepThen, 3000).remote();
    ObjectRef<Integer> fast2 = ray.put(2);
    WaitResult<Integer> r = ray.wait(List.of(slow, fast, fast2), 2, Duration.ofSeconds(10));
    assertThat(r.ready()).containsExactly(fast, fast2);
    assertThat(r.unready()).containsExactly(slow);

    WaitResult<Integer> timedOut = ray.wait(List.of(slow, fast), 2, Duration.ofMillis(50));
    assertThat(timedOut.ready()).containsExactly(fast);
    assertThat(timedOut.unready()).containsExactly(slow);

    WaitResult<Integer> all = ray.wait(List.of(fast, slow));
    assertThat(all.ready()).containsExactly(fast, slow);
    assertThat(all.unready()).isEmpty();
  }

  @Test
  void waitValidatesItsArguments() {
    WaitResult<Object> empty = ray.wait(List.of());
    assertThat(empty.ready()).isEmpty();
    assertThat(empty.unready()).isEmpty();
    assertThatThrownBy(() -> ray.wait(null)).isInstanceOf(NullPointerException.class);
    ObjectRef<Integer> one = ray.put(1);
    assertThatThrownBy(() -> ray.wait(List.of(one), 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ray.wait(List.of(one), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largeObjectsLiveInTheOffHeapStore() {
    long before = node.raylet().store().usedBytes();
    byte[] big = new byte[10 << 20];
    Arrays.fill(big, (byte) 3);
    ObjectRef<byte[]> ref = ray.put(big);
    assertThat(node.raylet().store().usedBytes()).isGreaterThanOrEqualTo(before + (10 << 20));
    byte[] back = ray.get(ref);
    assertThat(back).hasSize(10 << 20);
    assertThat(back[12345]).isEqualTo((byte) 3);
  }

  @Test
  void droppedRefsFreeTheirObjects() {
    try (RayNode own = NodeFixture.start(1)) {
      RayContext r = own.context();
      assertThat(own.raylet().store().usedBytes()).isZero();
      List<ObjectRef<byte[]>> refs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        refs.add(r.put(new byte[1 << 20]));
      }
      ObjectRef<Integer> result = r.task(ObjectsTest::sleepThen, 1).remote();
      r.get(result);
      assertThat(own.raylet().store().usedBytes()).isGreaterThanOrEqualTo(10L << 20);
      assertThat(own.raylet().table().size()).isGreaterThanOrEqualTo(11);
      refs.clear();
      result = null;
      NodeFixture.await(
          "store bytes and object entries are back at zero",
          Duration.ofSeconds(30),
          () -> {
            System.gc();
            return own.raylet().store().usedBytes() == 0 && own.raylet().table().size() == 0;
          });
    }
  }

  @Test
  void aRefInsideAStoredObjectKeepsItsObjectAlive() {
    ObjectRef<byte[]> inner = ray.put(new byte[300_000]);
    ObjectRef<List<ObjectRef<byte[]>>> outer = ray.put(List.of(inner));
    io.stingray.api.ObjectId innerId = inner.id();
    inner = null;
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    List<ObjectRef<byte[]>> back = ray.get(outer);
    assertThat(back.get(0).id()).isEqualTo(innerId);
    assertThat(back.get(0).get()).hasSize(300_000);
  }

  @Test
  void spillsAboveEightyPercentAndRestoresOnGet(@TempDir Path spill) {
    try (RayNode small =
        NodeFixture.start(
            NodeConfig.builder().numCpus(1).objectStoreMemory(8L << 20).spillDirectory(spill))) {
      RayContext r = small.context();
      List<ObjectRef<byte[]>> refs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] b = new byte[2 << 20];
        Arrays.fill(b, (byte) i);
        refs.add(r.put(b));
      }
      assertThat(small.raylet().store().spilledBytes()).isGreaterThan(0);
      assertThat(small.raylet().store().usedBytes()).isLessThanOrEqualTo((long) (0.8 * (8 << 20)));
      for (int i = 0; i < 6; i++) {
        byte[] b = r.get(refs.get(i));
        assertThat(b).hasSize(2 << 20);
        assertThat(b[100]).isEqualTo((byte) i);
      }
      assertThatThrownBy(() -> r.put(new byte[9 << 20]))
          .isInstanceOf(ObjectStoreFullException.class)
          .hasMessageContaining("more than the whole object store");
    }
  }

  @Test
  void bytesStoredLaterAreServedAtOnceAndFreedWhetherOrNotTheyWereWritten() {
    try (io.stingray.raylet.object.ObjectStore store =
        new io.stingray.raylet.object.ObjectStore(8 << 20, 0.8, null)) {
      List<Runnable> writes = new ArrayList<>();
      io.stingray.raylet.serialization.ChunkedBytes bytes =
          new io.stingray.raylet.serialization.ChunkedBytes();
      byte[] data = new byte[3 << 20];
      new java.util.Random(7).nextBytes(data);
      bytes.write(data, 0, data.length);
      bytes.finish();
      io.stingray.api.ObjectId id = io.stingray.api.ObjectId.random();
      store.putLater(id, bytes, bytes.checksum(), writes::add);
      assertThat(store.usedBytes()).as("room reserved at once").isEqualTo(data.length);
      assertThat(store.get(id).toByteArray()).isEqualTo(data);
      assertThatThrownBy(
              () -> store.putLater(io.stingray.api.ObjectId.random(), big(6), 0, writes::add))
          .isInstanceOf(ObjectStoreFullException.class);
      writes.forEach(Runnable::run);
      writes.clear();
      assertThat(store.get(id).toByteArray()).as("read back from the store").isEqualTo(data);
      store.delete(id);
      assertThat(store.usedBytes()).isZero();

      io.stingray.api.ObjectId gone = io.stingray.api.ObjectId.random();
      store.putLater(gone, bytes, bytes.checksum(), writes::add);
      store.delete(gone); // before its write
      writes.forEach(Runnable::run);
      assertThat(store.usedBytes()).isZero();
      assertThat(store.get(gone)).isNull();
      store.put(io.stingray.api.ObjectId.random(), big(7)); // the late write left no leak behind
    }
  }

  static io.stingray.raylet.serialization.ChunkedBytes big(int mib) {
    io.stingray.raylet.serialization.ChunkedBytes b =
        new io.stingray.raylet.serialization.ChunkedBytes();
    b.write(new byte[mib << 20], 0, mib << 20);
    return b.finish();
  }

  @Test
  void withoutSpillingAFullStoreSaysSo() {
    try (RayNode small =
        NodeFixture.start(
            NodeConfig.builder().numCpus(1).objectStoreMemory(4L << 20).spillDirectory(null))) {
      RayContext r = small.context();
      ObjectRef<byte[]> kept = r.put(new byte[3 << 20]);
      assertThatThrownBy(() -> r.put(new byte[2 << 20]))
          .isInstanceOf(ObjectStoreFullException.class)
          .hasMessageContaining("spilling is disabled");
      assertThat(r.get(kept)).hasSize(3 << 20);
    }
  }
}
