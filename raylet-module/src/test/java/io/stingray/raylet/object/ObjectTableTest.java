package io.stingray.raylet.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.JobId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.context.BorrowLog;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.context.WorkerContext;
import io.stingray.raylet.scheduler.ResourceSet;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** A work sent by another node, keeping the log its answer waits on. */
  record SentWork(BorrowLog borrowLog) implements BorrowLog.Holder {}

  @Test
  void aWorkNotesEveryOtherNodesObjectItTakesARefToNotOnlyTheFirstBorrowing() {
    try (ObjectStore store = new ObjectStore(16 << 20, 0.8, null)) {
      List<ObjectId> toldOwner = new java.util.ArrayList<>();
      ObjectTable.Remote remote =
          new ObjectTable.Remote() {
            @Override
            public CompletableFuture<ObjectValue> fetch(ObjectId id) {
              return new CompletableFuture<>();
            }

            @Override
            public void freed(ObjectId id) {}

            @Override
            public void borrowed(ObjectId id) {
              toldOwner.add(id);
            }

            @Override
            public void released(ObjectId id) {}
          };
      ObjectTable table = new ObjectTable(store, 42, remote);
      ObjectId first = ObjectId.of(7, 1); // owned by another node
      ObjectId mine = table.newId();
      table.create(mine, "task");
      var earlier = table.newRef(first, null); // borrowed outside this work (its ack may be late)

      Job job = new Job(JobId.of(1, 2), "j", "j", getClass().getClassLoader());
      SentWork work = new SentWork(new BorrowLog());
      WorkerContext ctx = WorkerContext.enter(job, null, work, null, ResourceSet.EMPTY);
      try {
        table.newRef(first, null); // the entry exists: no second message to the owner
        table.newRef(ObjectId.of(7, 2), null);
        table.newRef(mine, null);
      } finally {
        ctx.exit();
      }
      table.newRef(ObjectId.of(7, 3), null); // after the work: not its borrowing

      assertThat(work.borrowLog().ids()).containsExactlyInAnyOrder(first, ObjectId.of(7, 2));
      assertThat(toldOwner).containsExactly(first, ObjectId.of(7, 2), ObjectId.of(7, 3));
      assertThat(earlier).isNotNull();
    }
  }
}
