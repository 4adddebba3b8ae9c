package io.stingray.raylet.object;

import io.stingray.raylet.serialization.ChunkedBytes;

/** What an object table entry holds once its object exists. Immutable. */
public sealed interface ObjectValue {
  /** An immutable JDK value (null, String, boxed primitive, id) shared without copying. */
  record Direct(Object value) implements ObjectValue {}

  /** Small serialized bytes kept on the heap (at most the inline threshold). */
  record Inline(byte[] bytes) implements ObjectValue {}

  /** Serialized bytes in the node's object store (MapDB, off-heap, may be spilled). */
  record Stored(long size) implements ObjectValue {}

  /** The task that makes the object failed; getting it throws (a fresh wrapper of) the error. */
  record Failed(RuntimeException error) implements ObjectValue {}

  /** Whether a value is immutable and can be shared as {@link Direct}. */
  static boolean isShareable(Object v) {
    return v == null
        || v instanceof String
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Double
        || v instanceof Boolean
        || v instanceof Float
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Character
        || v instanceof Enum<?>
        || v instanceof io.stingray.api.BaseId;
  }

  /** Inline bytes of serialized output, copied into one array. */
  static Inline inline(ChunkedBytes bytes) {
    return new Inline(bytes.toByteArray());
  }
}
