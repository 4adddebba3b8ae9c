package io.stingray.raylet.object;

import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.api.exception.ObjectStoreFullException;
import io.stingray.raylet.serialization.ChunkedBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's object store: serialized objects off-heap in a MapDB direct-memory store, with byte
 * accounting against a fixed capacity. Above the spill threshold (80 % by default) the least
 * recently used objects move to a file-backed MapDB store in the spill directory and come back when
 * read. Objects are deleted only when their owner frees them (primary copies are pinned); {@link
 * ObjectStoreFullException} only when spilling cannot make room.
 *
 * <p>Every object carries a CRC32C of its bytes ({@link ChunkedBytes#checksum}), taken once when it
 * enters a store ({@link #put}) or handed over by whoever already checked it ({@link #putLater});
 * it is checked on every restore from disk, and a spilled object whose bytes no longer match is
 * dropped and reported as lost ({@link ObjectLostException}), never handed out.
 *
 * <p>Chunked reads ({@link #layout}, {@link #chunk}) see one byte sequence even when the object is
 * copied in, spilled or restored between two reads: chunk {@code k} is always the same byte range.
 *
 * <p>Thread-safe: one lock guards the index and the data copies (a large put holds it while it
 * copies).
 *
 * <p>Over 400 lines because memory, spill file and the index must change under one lock for every
 * object (put, put later, read by chunk, spill, restore, delete) so that a reader never sees a
 * half-moved object; piece layout is {@link Pieces}', the spill directory's checks {@link
 * SpillDirectory}'s.
 */
public final class ObjectStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

  private final long capacity;
  private final long spillAt;
  private final Path spillDirectory;
  private final DB memoryDb;
  private final Store memory;
  private DB diskDb;
  private Store disk;
  private Path spillFile;
  private final LinkedHashMap<ObjectId, Entry> index = new LinkedHashMap<>(64, 0.75f, true);
  private long used;
  private long spilled;
  private long checksumFailures;
  private boolean closed;
  private volatile Locations locations = Locations.NONE;

  /**
   * Told of every object that enters or leaves this store (for the GCS object directory). Called
   * after the change, outside the store's lock, on the thread that made it: must not block.
   */
  public interface Locations {
    Locations NONE =
        new Locations() {
          @Override
          public void added(ObjectId id, long size) {}

          @Override
          public void removed(ObjectId id) {}
        };

    void added(ObjectId id, long size);

    void removed(ObjectId id);
  }

  /** Reports changes to {@code l} from now on ({@link Locations#NONE} to stop). */
  public void reportTo(Locations l) {
    locations = l;
  }

  /**
   * Where one object's chunks are, in memory or on disk (or still on the heap: {@link #putLater}).
   */
  private static final class Entry {
    final long size;
    final int checksum; // CRC32C of the bytes
    Pieces pieces;
    boolean onDisk;
    ChunkedBytes unwritten; // set while putLater's write is pending: get() serves these bytes

    Entry(long size, int checksum, Pieces pieces) {
      this.size = size;
      this.checksum = checksum;
      this.pieces = pieces;
    }
  }

  /**
   * @param capacity bytes of off-heap memory for objects
   * @param spillThreshold fraction of capacity above which cold objects spill (0..1]
   * @param spillDirectory where spilled objects go (made with mode 0700 if missing); null disables
   *     spilling
   * @throws IllegalArgumentException if the spill directory is not a private directory of this
   *     process's user (see {@link SpillDirectory})
   */
  public ObjectStore(long capacity, double spillThreshold, Path spillDirectory) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("object store capacity must be > 0, got " + capacity);
    }
    if (spillThreshold <= 0 || spillThreshold > 1) {
      throw new IllegalArgumentException(
          "spill threshold must be in (0, 1], got " + spillThreshold);
    }
    if (spillDirectory != null) {
      SpillDirectory.prepare(spillDirectory); // before anything is held: a bad one stops the node
    }
    this.capacity = capacity;
    this.spillAt = (long) (capacity * spillThreshold);
    this.spillDirectory = spillDirectory;
    this.memoryDb = DBMaker.memoryDirectDB().make();
    this.memory = memoryDb.getStore();
  }

  /**
   * Stores an object's bytes.
   *
   * @throws ObjectStoreFullException if it is larger than the capacity, or no room can be made by
   *     spilling
   */
  public void put(ObjectId id, ChunkedBytes bytes) {
    long size = bytes.size();
    int checksum = bytes.checksum(); // outside the lock: it reads every byte
    synchronized (this) {
      checkOpen();
      if (index.containsKey(id)) {
        return; // objects are immutable: a second copy of the same id is the same bytes
      }
      if (size > capacity) {
        throw new ObjectStoreFullException(
            "object "
                + id.hex()
                + " is "
                + size
                + " bytes, more than the whole object store ("
                + capacity
                + " bytes, see objectStoreMemory)");
      }
      makeRoom(size, id);
      index.put(id, new Entry(size, checksum, Pieces.write(memory, bytes.chunks())));
      used += size;
      spillSoon(id);
    }
    locations.added(id, size);
  }

  /**
   * Stores an object's bytes without waiting for the copy into the store: room is reserved now (and
   * {@link ObjectStoreFullException} thrown as by {@link #put}), {@link #get} serves {@code bytes}
   * themselves until {@code writer} has copied them in, and they are dropped from the heap after.
   * For bytes that just arrived from another node and are read at once. The caller must not change
   * {@code bytes}.
   *
   * @param checksum the CRC32C of {@code bytes}, which the caller has checked ({@link
   *     ChunkedBytes#checksum})
   */
  public void putLater(
      ObjectId id, ChunkedBytes bytes, int checksum, java.util.concurrent.Executor writer) {
    long size = bytes.size();
    Entry e;
    synchronized (this) {
      checkOpen();
      if (index.containsKey(id)) {
        return;
      }
      if (size > capacity) {
        put(id, bytes); // throws the same message
        return;
      }
      makeRoom(size, id);
      e = new Entry(size, checksum, null);
      e.unwritten = bytes;
      index.put(id, e);
      used += size;
    }
    locations.added(id, size);
    try {
      writer.execute(() -> writeLater(id, e));
    } catch (java.util.concurrent.RejectedExecutionException refused) {
      writeLater(id, e); // no thread to hand off to: copy on the caller's
    }
  }

  private void writeLater(ObjectId id, Entry e) {
    Pieces pieces;
    try {
      pieces = Pieces.write(memory, e.unwritten.chunks()); // MapDB's store is thread-safe
    } catch (RuntimeException failed) {
      synchronized (this) {
        if (!closed) {
          LOG.warn("object {} stays on the heap: {}", id.hex(), failed.toString());
        }
      }
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (index.get(id) != e) {
        pieces.free(memory); // deleted meanwhile
        return;
      }
      e.pieces = pieces;
      e.unwritten = null;
      spillSoon(id);
    }
  }

  /**
   * The bytes of an object, restored from disk if it was spilled.
   *
   * @return null if the store does not hold it
   * @throws ObjectLostException if it was spilled and its bytes on disk no longer match
   */
  public ChunkedBytes get(ObjectId id) {
    try {
      return read(id);
    } catch (ObjectLostException lost) {
      locations.removed(id); // restore dropped it
      throw lost;
    }
  }

  private synchronized ChunkedBytes read(ObjectId id) {
    checkOpen();
    Entry e = index.get(id);
    if (e == null) {
      return null;
    }
    if (e.unwritten != null) {
      return e.unwritten;
    }
    if (e.onDisk) {
      restore(id, e);
    }
    return ChunkedBytes.of(e.pieces.readAll(memory));
  }

  /**
   * How an object is held: its size, number of chunks ({@link #chunk}) and the CRC32C of its bytes.
   */
  public record Layout(long size, int chunks, int checksum) {}

  /**
   * The size, chunk count and checksum of an object, for reading it chunk by chunk with {@link
   * #chunk}.
   *
   * @return null if the store does not hold it
   */
  public synchronized Layout layout(ObjectId id) {
    Entry e = index.get(id);
    if (e == null || closed) {
      return null;
    }
    return new Layout(e.size, Pieces.chunksOf(e.size), e.checksum);
  }

  /**
   * One chunk of an object (restored from disk first if it was spilled): a copy the caller owns.
   * Chunk {@code index} is always the same range of the object's bytes, however it is held.
   *
   * @return null if the store no longer holds the object
   * @throws ObjectLostException if it was spilled and its bytes on disk no longer match
   */
  public byte[] chunk(ObjectId id, int index) {
    try {
      return readChunk(id, index);
    } catch (ObjectLostException lost) {
      locations.removed(id); // restore dropped it
      throw lost;
    }
  }

  private synchronized byte[] readChunk(ObjectId id, int index) {
    Entry e = closed ? null : this.index.get(id);
    if (e == null) {
      return null;
    }
    if (e.unwritten != null) {
      long from = (long) index * Pieces.CHUNK;
      return e.unwritten.copy(from, (int) Math.min(Pieces.CHUNK, e.size - from));
    }
    if (e.onDisk) {
      restore(id, e);
    }
    return e.pieces.chunk(memory, index);
  }

  /** The objects spilled to disk now (a copy; does not touch the LRU order). */
  public synchronized java.util.Set<ObjectId> spilledIds() {
    java.util.Set<ObjectId> out = new java.util.HashSet<>();
    index.forEach(
        (id, e) -> {
          if (e.onDisk) {
            out.add(id);
          }
        });
    return out;
  }

  /** Whether the store holds the object (in memory or spilled). */
  public synchronized boolean contains(ObjectId id) {
    return index.containsKey(id);
  }

  /** Frees an object's bytes; nothing if absent. */
  public void delete(ObjectId id) {
    if (remove(id)) {
      locations.removed(id);
    }
  }

  private synchronized boolean remove(ObjectId id) {
    if (closed) {
      return false;
    }
    Entry e = index.remove(id);
    if (e == null) {
      return false;
    }
    if (e.onDisk) {
      e.pieces.free(disk);
      spilled -= e.size;
    } else {
      if (e.pieces != null) {
        e.pieces.free(memory); // null: deleted before its write (putLater)
      }
      used -= e.size;
    }
    return true;
  }

  private void makeRoom(long size, ObjectId keep) {
    if (used + size <= capacity) {
      return;
    }
    spillAbove(capacity - size, keep);
    if (used + size > capacity) {
      throw new ObjectStoreFullException(
          "object store full: "
              + used
              + " of "
              + capacity
              + " bytes used, "
              + size
              + " more needed"
              + (spillDirectory == null ? " and spilling is disabled" : " even after spilling"));
    }
  }

  /** Spills least recently used objects until memory use is at most {@code limit}. */
  private void spillAbove(long limit, ObjectId keep) {
    if (used <= limit || spillDirectory == null) {
      return;
    }
    Iterator<Map.Entry<ObjectId, Entry>> it = index.entrySet().iterator();
    List<Map.Entry<ObjectId, Entry>> victims = new ArrayList<>();
    long willFree = 0;
    while (it.hasNext() && used - willFree > limit) {
      Map.Entry<ObjectId, Entry> e = it.next();
      if (!e.getValue().onDisk && e.getValue().unwritten == null && !e.getKey().equals(keep)) {
        victims.add(e);
        willFree += e.getValue().size;
      }
    }
    for (Map.Entry<ObjectId, Entry> v : victims) {
      spill(v.getKey(), v.getValue());
    }
  }

  /**
   * Spills above the threshold after an object came in within capacity. A spill that fails (a full
   * disk) does not undo that object: the store stays above its threshold until room is made.
   */
  private void spillSoon(ObjectId keep) {
    try {
      spillAbove(spillAt, keep);
    } catch (ObjectStoreFullException e) {
      LOG.warn("objects stay in memory above the spill threshold: {}", e.getMessage());
    }
  }

  private void spill(ObjectId id, Entry e) {
    openDisk();
    try {
      e.pieces = e.pieces.moveTo(memory, disk, null);
    } catch (RuntimeException failed) { // the object stays in memory, whole
      throw new ObjectStoreFullException(
          "cannot spill object "
              + id.hex()
              + " ("
              + e.size
              + " bytes) to "
              + spillFile
              + ": "
              + failed.getMessage()
              + " (is the spill disk full?)",
          failed);
    }
    e.onDisk = true;
    used -= e.size;
    spilled += e.size;
    LOG.debug("spilled object {} ({} bytes)", id.hex(), e.size);
  }

  private void restore(ObjectId id, Entry e) {
    makeRoom(e.size, id);
    java.util.zip.CRC32C read = new java.util.zip.CRC32C();
    e.pieces = e.pieces.moveTo(disk, memory, read);
    e.onDisk = false;
    spilled -= e.size;
    used += e.size;
    if ((int) read.getValue() != e.checksum) {
      remove(id);
      checksumFailures++;
      LOG.error(
          "object {} ({} bytes) came back from the spill file {} with other bytes than were"
              + " spilled (checksum {} instead of {}): dropped",
          id.hex(),
          e.size,
          spillFile,
          Integer.toHexString((int) read.getValue()),
          Integer.toHexString(e.checksum));
      throw new ObjectLostException(
          "object " + id.hex() + " was corrupted in the spill file " + spillFile);
    }
    spillSoon(id);
  }

  private void openDisk() {
    if (disk != null) {
      return;
    }
    try {
      SpillDirectory.prepare(spillDirectory); // again: it may have been removed since the start
      spillFile = Files.createTempFile(spillDirectory, "stingray-spill-", ".db");
      Files.delete(spillFile); // MapDB creates it
    } catch (IOException | IllegalArgumentException e) {
      throw new ObjectStoreFullException(
          "object store full and the spill directory "
              + spillDirectory
              + " cannot be used: "
              + e.getMessage(),
          e);
    }
    try {
      diskDb = DBMaker.fileDB(spillFile.toFile()).fileDeleteAfterClose().make();
    } catch (RuntimeException e) {
      throw new ObjectStoreFullException(
          "object store full and the spill file " + spillFile + " cannot be made: " + e, e);
    }
    disk = diskDb.getStore();
    LOG.info("spilling objects to {}", spillFile);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the object store is closed");
    }
  }

  /** Bytes of objects held in memory now. */
  public synchronized long usedBytes() {
    return used;
  }

  /** Bytes of objects spilled to disk now. */
  public synchronized long spilledBytes() {
    return spilled;
  }

  /** Spilled objects dropped because they came back from disk with other bytes. */
  public synchronized long checksumFailures() {
    return checksumFailures;
  }

  /** The configured capacity in bytes. */
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    index.clear();
    memoryDb.close();
    if (diskDb != null) {
      diskDb.close();
    }
  }
}
