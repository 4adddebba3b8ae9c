package io.stingray.raylet.object;

import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects this node owns: one entry per object, pending until its task completes, with a count
 * of live {@link ObjectRefImpl} handles. An entry is freed (and its bytes deleted from the {@link
 * ObjectStore}) when its last handle becomes unreachable. A pending task holds its argument refs
 * and a stored object holds the refs inside it, so both keep those objects alive without separate
 * counts. Thread-safe.
 */
public final class ObjectTable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectTable.class);

  private final ConcurrentHashMap<ObjectId, Entry> entries = new ConcurrentHashMap<>();
  private final ObjectStore store;
  private final long idPrefix;
  private final AtomicLong idCounter = new AtomicLong();
  private final ReferenceQueue<ObjectRefImpl<?>> released = new ReferenceQueue<>();
  private final Set<Handle> handles = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final Remote remote;
  // Made at start: inside a server, close() may run after the adapter's class loader stopped
  // loading classes.
  private final ObjectValue stopped =
      new ObjectValue.Failed(
          new io.stingray.api.exception.RayException(
              "the node stopped before the object was made"));

  /** One object's state. */
  public static final class Entry {
    private final CompletableFuture<ObjectValue> future = new CompletableFuture<>();
    private final AtomicInteger handleCount = new AtomicInteger();
    private volatile List<Object> contained = List.of();
    private volatile Object producer;
    private boolean completing; // guarded by the entry: complete() was called once

    /** For another node's object: whether its fetch started. */
    private final java.util.concurrent.atomic.AtomicBoolean fetching =
        new java.util.concurrent.atomic.AtomicBoolean();

    /** Completes when the object exists (or its task failed). */
    public CompletableFuture<ObjectValue> future() {
      return future;
    }

    /** Whether the value holds refs of other objects (keeping them alive). */
    public boolean holdsRefs() {
      return !contained.isEmpty();
    }

    /** The ids of the refs the value holds. */
    public java.util.Set<ObjectId> containedIds() {
      java.util.Set<ObjectId> ids = new java.util.HashSet<>();
      for (Object o : contained) {
        if (o instanceof io.stingray.api.ObjectRef<?> ref) {
          ids.add(ref.id());
        }
      }
      return ids;
    }

    /** The task that makes the object while it is pending, else null. */
    public Object producer() {
      return producer;
    }
  }

  /** A producer that can say how far its object has come (for a {@code get} that timed out). */
  public interface Progress {
    /** Where the object is on its way, in words, e.g. "its task f is queued on this node". */
    String progress();
  }

  /** A phantom reference that releases one handle of an object. */
  private static final class Handle extends PhantomReference<ObjectRefImpl<?>> {
    final ObjectId id;

    Handle(ObjectRefImpl<?> ref, ReferenceQueue<ObjectRefImpl<?>> q) {
      super(ref, q);
      this.id = ref.id();
    }
  }

  /**
   * Objects owned by other nodes, fetched on first use; given to the table when it is made (none
   * for a node alone).
   */
  public interface Remote {
    /**
     * Fetches an object this node does not own into this node's store (or inline) and completes
     * with its value; a lost object or owner completes with a {@link ObjectValue.Failed}.
     */
    java.util.concurrent.CompletableFuture<ObjectValue> fetch(ObjectId id);

    /** An entry of this node was freed (to release what other nodes keep for it). */
    void freed(ObjectId id);

    /** This node started holding refs to another node's object (tell its owner). */
    void borrowed(ObjectId id);

    /** This node holds no more refs to another node's object (tell its owner). */
    void released(ObjectId id);
  }

  /** Whether this node made the object (its id carries this node's prefix). */
  public boolean ownedHere(ObjectId id) {
    return id.high() == idPrefix;
  }

  /**
   * @param store where stored objects' bytes live
   * @param idPrefix the upper 64 bits of every id made here (unique per node)
   */
  public ObjectTable(ObjectStore store, long idPrefix) {
    this(store, idPrefix, null);
  }

  /**
   * @param store where stored objects' bytes live
   * @param idPrefix the upper 64 bits of every id made here (unique per node)
   * @param remote how refs to other nodes' objects resolve, or null for a node alone
   */
  public ObjectTable(ObjectStore store, long idPrefix, Remote remote) {
    this.store = store;
    this.idPrefix = idPrefix;
    this.remote = remote;
  }

  /** A new object id, unique in the cluster. */
  public ObjectId newId() {
    return ObjectId.of(idPrefix, idCounter.incrementAndGet());
  }

  /** Creates a pending entry for an object that {@code producer} will make. */
  public Entry create(ObjectId id, Object producer) {
    Entry e = new Entry();
    e.producer = producer;
    entries.put(id, e);
    return e;
  }

  /** The entry of an object, or null if it was freed (or never existed here). */
  public Entry entry(ObjectId id) {
    return entries.get(id);
  }

  /**
   * A new local handle of an object. A ref to another node's object gets an entry here too (its
   * value fetched on first use), and the owner hears that this node borrows it.
   */
  public <T> ObjectRefImpl<T> newRef(ObjectId id, io.stingray.raylet.context.ObjectGetter getter) {
    ObjectRefImpl<T> ref = new ObjectRefImpl<>(id, getter);
    Remote r = remote;
    while (true) {
      Entry e = entries.get(id);
      if (e == null && borrowable(id, r)) {
        if (borrow(id, ref, r) != null) {
          return ref;
        }
        continue; // another thread made it first
      }
      if (e != null) {
        e.handleCount.incrementAndGet();
        track(ref);
        if (!ownedHere(id)) { // borrowed already, maybe not acknowledged yet: this work waits too
          io.stingray.raylet.context.BorrowLog.noteForCurrentWork(id);
        }
      }
      return ref;
    }
  }

  private boolean borrowable(ObjectId id, Remote r) {
    return r != null && !closed && !ownedHere(id);
  }

  /**
   * Makes the entry of another node's object, counted for {@code ref}, and tells the owner this
   * node borrows it; null (nothing done) if another thread made the entry first.
   */
  private Entry borrow(ObjectId id, ObjectRefImpl<?> ref, Remote r) {
    Entry fresh = new Entry();
    fresh.handleCount.incrementAndGet();
    if (entries.putIfAbsent(id, fresh) != null) {
      return null;
    }
    track(ref);
    io.stingray.raylet.context.BorrowLog.noteForCurrentWork(id);
    r.borrowed(id);
    return fresh;
  }

  private void track(ObjectRefImpl<?> ref) {
    Handle h = new Handle(ref, released);
    ref.handle = h;
    handles.add(h);
  }

  /**
   * Releases a ref's handle now rather than when it becomes unreachable: for refs only the runtime
   * holds (the top-level arguments of work another node sent), so that a fetched copy is dropped as
   * soon as the work is done. The ref must not be used afterwards.
   */
  public void releaseNow(ObjectRefImpl<?> ref) {
    Object h = ref.handle;
    if (h instanceof Handle handle && handles.remove(handle)) {
      ref.handle = null;
      handle.clear();
      release(handle.id);
    }
  }

  /**
   * Sets an object's value (first completion wins). A value for an entry already freed, or a second
   * value, is discarded and its stored bytes deleted.
   *
   * @param contained runtime objects (refs, handles) inside the value, kept alive with it
   */
  public void complete(ObjectId id, ObjectValue value, List<Object> contained) {
    Entry e = entries.get(id);
    if (e == null) {
      discard(id, value);
      return;
    }
    boolean first;
    synchronized (e) {
      first = !e.completing;
      e.completing = true;
      if (first) { // before the future completes: its callbacks read holdsRefs()
        e.contained = contained;
        e.producer = null;
      }
    }
    if (!first || !e.future.complete(value)) {
      // a second value (a retried task, a reconstruction): the first one and what it holds stay
      if (first) {
        e.contained = List.of(); // the node stopped first
      }
      if (!(e.future.join() instanceof ObjectValue.Stored)) {
        discard(id, value);
      }
      return;
    }
    if (entries.get(id) != e) { // freed while it was being completed: release() saw no value
      e.contained = List.of();
      discard(id, value);
    }
  }

  private void discard(ObjectId id, ObjectValue value) {
    if (value instanceof ObjectValue.Stored) {
      store.delete(id);
    }
  }

  private void release(ObjectId id) {
    Entry e = entries.get(id);
    if (e == null || e.handleCount.decrementAndGet() > 0) {
      return;
    }
    if (entries.remove(id, e)) {
      e.contained = List.of();
      if (e.future.isDone() && e.future.getNow(null) instanceof ObjectValue.Stored) {
        store.delete(id);
      }
      Remote r = remote;
      if (r != null && ownedHere(id)) {
        r.freed(id);
      } else if (r != null) {
        r.released(id);
      }
    }
  }

  /**
   * Releases the handles of refs that became unreachable, waiting up to {@code waitMillis} for the
   * first. Called in a loop by one reaper thread.
   *
   * @return how many handles were released
   */
  public int reap(long waitMillis) throws InterruptedException {
    int n = 0;
    java.lang.ref.Reference<? extends ObjectRefImpl<?>> r = released.remove(waitMillis);
    while (r != null) {
      Handle h = (Handle) r;
      if (handles.remove(h)) { // else released already by releaseNow
        release(h.id);
      }
      n++;
      r = released.poll();
    }
    return n;
  }

  /**
   * One object with an entry here, for the console.
   *
   * @param state PENDING, READY or FAILED
   * @param size serialized bytes (0 for a plain value held as is, or while pending)
   * @param handles live refs here, including pins held for other nodes that borrow it
   * @param ownedHere whether this node made it (else it is a secondary copy)
   */
  public record ObjectInfo(ObjectId id, String state, long size, int handles, boolean ownedHere) {}

  /** Up to {@code max} objects with an entry here, in no particular order. */
  public List<ObjectInfo> snapshot(int max) {
    List<ObjectInfo> out = new java.util.ArrayList<>();
    for (java.util.Map.Entry<ObjectId, Entry> me : entries.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      Entry e = me.getValue();
      ObjectValue v = e.future.getNow(null);
      String state = v == null ? "PENDING" : v instanceof ObjectValue.Failed ? "FAILED" : "READY";
      long size =
          v instanceof ObjectValue.Stored s
              ? s.size()
              : v instanceof ObjectValue.Inline i ? i.bytes().length : 0;
      out.add(
          new ObjectInfo(me.getKey(), state, size, e.handleCount.get(), ownedHere(me.getKey())));
    }
    return out;
  }

  /** Live handles of an object here (0 if it has no entry). */
  public int handleCount(ObjectId id) {
    Entry e = entries.get(id);
    return e == null ? 0 : e.handleCount.get();
  }

  /** Objects with an entry now (pending or ready). */
  public int size() {
    return entries.size();
  }

  /**
   * Waits for an entry without blocking a thread: null if the object is unknown here. An object of
   * another node gets an entry here (a secondary copy, counted by {@code ref}'s handle) and is
   * fetched from its owner.
   */
  public CompletableFuture<ObjectValue> futureOf(ObjectRef<?> ref) {
    Entry e = entries.get(ref.id());
    Remote r = remote;
    if (e == null && borrowable(ref.id(), r) && ref instanceof ObjectRefImpl<?> impl) {
      borrow(ref.id(), impl, r); // a ref that counted for nothing (read by Java serialization)
      e = entries.get(ref.id());
    }
    if (e == null) {
      return null;
    }
    if (!ownedHere(ref.id())) {
      io.stingray.raylet.context.BorrowLog.noteForCurrentWork(ref.id());
    }
    if (r != null && !ownedHere(ref.id()) && e.fetching.compareAndSet(false, true)) {
      fetch(r, ref.id(), e);
    }
    return e.future;
  }

  private void fetch(Remote r, ObjectId id, Entry fresh) {
    r.fetch(id)
        .whenComplete(
            (v, error) -> {
              ObjectValue value =
                  error == null
                      ? v
                      : new ObjectValue.Failed(
                          new io.stingray.api.exception.ObjectLostException(
                              "object " + id.hex() + " could not be fetched: " + error, error));
              fresh.future.complete(value);
              if (entries.get(id) != fresh && value instanceof ObjectValue.Stored) {
                store.delete(id); // every handle went while it was on its way
              }
            });
  }

  /**
   * Stops the table: objects still pending fail with {@code RayException("the node stopped")}, so
   * that no caller blocked in {@code get} waits forever.
   */
  public void close() {
    closed = true;
    LOG.debug("object table closed with {} entries", entries.size());
    for (Entry e : entries.values()) {
      e.future.complete(stopped);
    }
    entries.clear();
    handles.clear();
  }

  /** Polls for unreachable refs until the table closes; the body of the reaper thread. */
  public void runReaper() {
    while (!closed) {
      try {
        reap(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
