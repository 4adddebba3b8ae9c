package io.stingray.raylet.object;

import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.api.exception.GetTimeoutException;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.api.exception.ObjectStoreFullException;
import io.stingray.api.exception.OwnerDiedException;
import io.stingray.api.exception.PendingCallsLimitExceededException;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.exception.RayException;
import io.stingray.api.exception.RayTaskException;
import io.stingray.api.exception.TaskCancelledException;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.serialization.ChunkedBytes;
import io.stingray.raylet.serialization.ObjectSerializer;
import java.util.List;

/**
 * Turns values into {@link ObjectValue}s and back for one node: immutable JDK values are shared,
 * small values are serialized inline (at most {@code maxInlineBytes}), larger ones go to the {@link
 * ObjectStore}. Also prepares task arguments (copy semantics, refs kept as dependencies).
 * Thread-safe.
 */
public final class ValueCodec {
  private final ObjectTable table;
  private final ObjectStore store;
  private final long maxInlineBytes;

  public ValueCodec(ObjectTable table, ObjectStore store, long maxInlineBytes) {
    this.table = table;
    this.store = store;
    this.maxInlineBytes = maxInlineBytes;
  }

  /** A value and the runtime objects it contains. */
  public record Encoded(ObjectValue value, List<Object> contained) {}

  /** An argument serialized at submission (the task gets its own copy). */
  public record SerializedArg(byte[] bytes) {}

  /**
   * Encodes a value as object {@code id} (storing large bytes under that id).
   *
   * @throws ObjectStoreFullException if a large value cannot be stored
   */
  public Encoded encode(ObjectId id, Object value, Job job) {
    if (ObjectValue.isShareable(value)) {
      return new Encoded(new ObjectValue.Direct(value), List.of());
    }
    ObjectSerializer.Serialized s = job.serializer().serialize(value);
    ChunkedBytes bytes = s.bytes();
    if (bytes.size() <= maxInlineBytes) {
      return new Encoded(ObjectValue.inline(bytes), s.contained());
    }
    store.put(id, bytes);
    return new Encoded(new ObjectValue.Stored(bytes.size()), s.contained());
  }

  /**
   * The value of a ready object, as a fresh copy.
   *
   * @throws RayException (a subclass) if the object failed or is lost
   */
  public Object decode(ObjectId id, ObjectValue value, Job job) {
    if (value instanceof ObjectValue.Direct d) {
      return d.value();
    }
    if (value instanceof ObjectValue.Inline i) {
      return job.serializer().deserialize(i.bytes());
    }
    if (value instanceof ObjectValue.Stored) {
      ChunkedBytes bytes = store.get(id);
      if (bytes == null) {
        throw new ObjectLostException("object " + id.hex() + " is no longer in the object store");
      }
      return job.serializer().deserialize(bytes);
    }
    throw rethrowable(((ObjectValue.Failed) value).error());
  }

  /**
   * Prepares one task argument at submission: a top-level {@link ObjectRef} stays a dependency, an
   * immutable value is shared, anything else is serialized now (so later changes by the caller do
   * not reach the task); large values become a new stored object passed by reference.
   *
   * @param keepAlive receives runtime objects the prepared argument needs kept alive
   */
  public Object prepareArg(Object arg, Job job, List<Object> keepAlive) {
    if (arg instanceof ObjectRef<?> || ObjectValue.isShareable(arg)) {
      return arg;
    }
    ObjectSerializer.Serialized s = job.serializer().serialize(arg);
    keepAlive.addAll(s.contained());
    if (s.bytes().size() <= maxInlineBytes) {
      return new SerializedArg(s.bytes().toByteArray());
    }
    ObjectId id = table.newId();
    table.create(id, null);
    ObjectRefImpl<Object> ref = table.newRef(id, job.getter());
    store.put(id, s.bytes());
    table.complete(id, new ObjectValue.Stored(s.bytes().size()), s.contained());
    return ref;
  }

  /**
   * Prepares the arguments from index {@code from} on (a copy of the array; earlier slots are kept
   * as given), as {@link #prepareArg} does for one.
   */
  public Object[] prepareArgs(Object[] given, int from, Job job, List<Object> keepAlive) {
    Object[] args = given.clone();
    for (int i = from; i < args.length; i++) {
      args[i] = prepareArg(args[i], job, keepAlive);
    }
    return args;
  }

  /** The value of a prepared argument, on the worker; its refs must be ready. */
  public Object resolveArg(Object prepared, Job job) {
    if (prepared instanceof SerializedArg a) {
      return job.serializer().deserialize(a.bytes());
    }
    if (prepared instanceof ObjectRef<?> ref) {
      ObjectTable.Entry e = table.entry(ref.id());
      if (e == null || !e.future().isDone()) {
        throw new ObjectLostException("argument object " + ref.id().hex() + " is gone");
      }
      return decode(ref.id(), e.future().join(), job);
    }
    return prepared;
  }

  /** A new exception of the same kind as a stored error, so each thrower gets its own trace. */
  public static RuntimeException rethrowable(RuntimeException e) {
    String m = e.getMessage();
    if (e instanceof RayTaskException) {
      return new RayTaskException(m, e.getCause());
    }
    if (e instanceof TaskCancelledException) {
      return new TaskCancelledException(m, e);
    }
    if (e instanceof OwnerDiedException) {
      return new OwnerDiedException(m, e);
    }
    if (e instanceof ObjectLostException) {
      return new ObjectLostException(m, e);
    }
    if (e instanceof RayActorException) {
      return new RayActorException(m, e.getCause() == null ? e : e.getCause());
    }
    if (e instanceof UnschedulableException) {
      return new UnschedulableException(m, e);
    }
    if (e instanceof ObjectStoreFullException) {
      return new ObjectStoreFullException(m, e);
    }
    if (e instanceof GetTimeoutException) {
      return new GetTimeoutException(m, e);
    }
    if (e instanceof PendingCallsLimitExceededException) {
      return new PendingCallsLimitExceededException(m, e);
    }
    return e;
  }
}
