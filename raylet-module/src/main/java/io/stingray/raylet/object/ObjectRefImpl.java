package io.stingray.raylet.object;

import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.raylet.context.ObjectGetter;
import java.time.Duration;

/**
 * The runtime's {@link ObjectRef}: an object id plus the context that resolves it. Every instance
 * counts as one local handle of its object in the {@link ObjectTable}; when the instance becomes
 * unreachable the handle is released. Equal refs have equal ids.
 */
public final class ObjectRefImpl<T> implements ObjectRef<T> {
  private static final long serialVersionUID = 1L;
  private final ObjectId id;
  private final transient ObjectGetter getter;

  /** Its handle in the table, for an explicit release (null if it counts for nothing). */
  transient volatile Object handle;

  ObjectRefImpl(ObjectId id, ObjectGetter getter) {
    this.id = id;
    this.getter = getter;
  }

  @Override
  public ObjectId id() {
    return id;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get() {
    return (T) getter.get(this, null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get(Duration timeout) {
    return (T) getter.get(this, timeout);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectRefImpl<?> r && r.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "ObjectRef(" + id.hex() + ")";
  }
}
