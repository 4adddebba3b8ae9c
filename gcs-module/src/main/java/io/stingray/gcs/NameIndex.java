package io.stingray.gcs;

import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Names unique per namespace across the cluster, each held by one id (named actors, named placement
 * groups): a claim is an atomic put-if-absent on a replicated cache. Thread-safe.
 */
final class NameIndex<T extends io.stingray.api.BaseId> {
  private final ReplicatedMap names;
  private final BiFunction<Long, Long, T> ids;

  NameIndex(ReplicatedMap names, BiFunction<Long, Long, T> ids) {
    this.names = names;
    this.ids = ids;
  }

  /** Claims a name; empty if claimed, else the id that holds it. */
  Optional<T> claim(String namespace, String name, T id) {
    byte[] previous = names.putIfAbsent(key(namespace, name), RecordCodec.encodeId(id));
    return previous == null ? Optional.empty() : Optional.of(RecordCodec.decodeId(previous, ids));
  }

  /** The id holding a name, if any. */
  Optional<T> lookup(String namespace, String name) {
    byte[] b = names.get(key(namespace, name));
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeId(b, ids));
  }

  /** Frees a name if (and only if) {@code id} holds it. */
  void release(String namespace, String name, T id) {
    String key = key(namespace, name);
    byte[] b = names.get(key);
    if (b != null && RecordCodec.decodeId(b, ids).equals(id)) {
      names.remove(key, b);
    }
  }

  /** Frees every name {@code id} holds (when its namespace is not known). */
  void releaseAll(T id) {
    for (var e : names.entries().entrySet()) {
      if (RecordCodec.decodeId(e.getValue(), ids).equals(id)) {
        names.remove(e.getKey(), e.getValue());
      }
    }
  }

  private static String key(String namespace, String name) {
    return namespace.length() + ":" + namespace + "/" + name;
  }
}
