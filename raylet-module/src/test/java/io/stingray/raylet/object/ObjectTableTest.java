package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ObjectId;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner's table of objects, without a cluster: completion rules. */
class ObjectTableTest {
  @Test
  void aSecondCompletionKeepsTheFirstValueAndTheRefsInsideIt() {
    try (ObjectStore store = new ObjectStore(16 << 20, 0.8, null)) {
      ObjectTable table = new ObjectTable(store, 42);
      ObjectId id = table.newId();
      ObjectTable.Entry e = table.create(id, "task");
      Object nestedRef = new Object();
      table.complete(id, new ObjectValue.Inline(new byte[] {1}), List.of(nestedRef));
      table.complete(id, new ObjectValue.Inline(new byte[] {2}), List.of()); // a late retry

      assertThat(((ObjectValue.Inline) e.future().join()).bytes()).containsExactly(1);
      assertThat(e.holdsRefs()).as("the first value's nested refs are still held").isTrue();
      assertThat(e.producer()).isNull();
    }
  }

  @Test
  void whoeverWaitsForAValueSeesTheRefsInsideItAsItCompletes() {
    try (ObjectStore store = new ObjectStore(16 << 20, 0.8, null)) {
      ObjectTable table = new ObjectTable(store, 42);
      ObjectId id = table.newId();
      ObjectTable.Entry e = table.create(id, "task");
      boolean[] seen = new boolean[1];
      // how a node answers work another node sent: it keeps the result if it holds refs
      e.future().thenRun(() -> seen[0] = e.holdsRefs());
      table.complete(id, new ObjectValue.Inline(new byte[] {1}), List.of(new Object()));
      assertThat(seen[0]).isTrue();
    }
  }

  @Test
  void aStoredValueForAFreedObjectIsDeleted() {
    try (ObjectStore store = new ObjectStore(16 << 20, 0.8, null)) {
      ObjectTable table = new ObjectTable(store, 42);
      ObjectId id = table.newId(); // never created here, or already freed
      ChunkedBytes bytes = ChunkedBytes.of(List.of(new byte[1 << 20]));
      store.put(id, bytes);
      table.complete(id, new ObjectValue.Stored(bytes.size()), List.of());
      assertThat(store.contains(id)).isFalse();
      assertThat(store.usedBytes()).isZero();
    }
  }
}
