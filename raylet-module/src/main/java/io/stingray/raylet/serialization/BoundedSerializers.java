package io.stingray.raylet.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.Collection;
import java.util.Map;

/**
 * Kryo's serializers for collections, maps and arrays, with the size they announce checked against
 * the bytes left in the message ({@link DirectInput#check}) before they allocate for it: Kryo sizes
 * an {@code ArrayList}, a {@code HashMap} or an {@code Object[]} by the announced count.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /**
   * Kryo's choice of serializer for a type, with the plain collection, map and object-array
   * serializers swapped for their bounded versions. Only those exact classes: Kryo's serializers
   * for particular types ({@code Arrays.asList}, singletons, {@code EnumSet}, sorted maps and sets)
   * stay, since they build their values differently.
   */
  @SuppressWarnings("unchecked")
  static com.esotericsoftware.kryo.Serializer<?> bounded(
      Kryo kryo, Class<?> type, com.esotericsoftware.kryo.Serializer<?> chosen) {
    Class<?> c = chosen.getClass();
    if (c == CollectionSerializer.class) {
      return new Collections();
    }
    if (c == MapSerializer.class) {
      return new Maps();
    }
    if (c == DefaultArraySerializers.ObjectArraySerializer.class) {
      return new ObjectArrays(kryo, type);
    }
    if (c
        == com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers
            .JdkImmutableListSerializer.class) {
      return new ImmutableLists(); // List.of: Kryo's sizes an ArrayList by the announced count
    }
    if (c.getEnclosingClass() == DefaultArraySerializers.class) {
      // boolean[] and String[] are allocated by the announced length before any element is read
      return new LengthChecked<>((com.esotericsoftware.kryo.Serializer<Object>) chosen);
    }
    return chosen;
  }

  /**
   * Kryo's serializer of a primitive or String array, with the announced length (each element a
   * byte at least) checked against the bytes left before the array is made.
   */
  static final class LengthChecked<T> extends com.esotericsoftware.kryo.Serializer<T> {
    private final com.esotericsoftware.kryo.Serializer<T> inner;

    LengthChecked(com.esotericsoftware.kryo.Serializer<T> inner) {
      super(inner.getAcceptsNull(), inner.isImmutable());
      this.inner = inner;
    }

    @Override
    public void write(Kryo kryo, com.esotericsoftware.kryo.io.Output output, T object) {
      inner.write(kryo, output, object);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      if (input instanceof DirectInput bounded) {
        Class<?> element = type.getComponentType();
        bounded.check(
            bounded.peekVarInt() - 1L, // 0 stands for null
            "a " + (element == null ? "" : element.getSimpleName() + " ") + "array");
      }
      return inner.read(kryo, input, type);
    }

    @Override
    public T copy(Kryo kryo, T original) {
      return inner.copy(kryo, original);
    }
  }

  /**
   * Collections may hold elements that take no bytes (all null), so a count beyond the bytes left
   * is allowed up to this many.
   */
  static final int FREE_ELEMENTS = 1 << 20;

  private static void check(Input input, long count, long free, String what) {
    if (input instanceof DirectInput bounded && count > free) {
      bounded.check(count, what);
    }
  }

  /** Collections. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class Collections extends CollectionSerializer {
    @Override
    protected Collection create(Kryo kryo, Input input, Class type, int size) {
      check(input, size, FREE_ELEMENTS, "a collection");
      return super.create(kryo, input, type, size);
    }
  }

  /**
   * {@code List.of(...)} and {@code List.copyOf}: the bytes of Kryo's own serializer for them (no
   * null elements), read into a list sized only after the announced count was checked.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class ImmutableLists extends CollectionSerializer {
    public ImmutableLists() {
      setElementsCanBeNull(false);
    }

    @Override
    protected Collection create(Kryo kryo, Input input, Class type, int size) {
      check(input, size, FREE_ELEMENTS, "a list");
      return new java.util.ArrayList<>(size);
    }

    @Override
    protected Collection createCopy(Kryo kryo, Collection original) {
      return new java.util.ArrayList<>(original.size());
    }

    @Override
    public Collection read(Kryo kryo, Input input, Class type) {
      return java.util.List.of(super.read(kryo, input, type).toArray());
    }

    @Override
    public Collection copy(Kryo kryo, Collection original) {
      return java.util.List.copyOf(super.copy(kryo, original));
    }
  }

  /** Maps (each entry takes a byte at least: its key). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class Maps extends MapSerializer {
    @Override
    protected Map create(Kryo kryo, Input input, Class type, int size) {
      check(input, size, 0, "a map");
      return super.create(kryo, input, type, size);
    }
  }

  /** Arrays of objects: the length is looked at before Kryo allocates the array. */
  public static final class ObjectArrays extends DefaultArraySerializers.ObjectArraySerializer {
    public ObjectArrays(Kryo kryo, Class<?> type) {
      super(kryo, type);
    }

    @Override
    public Object[] read(Kryo kryo, Input input, Class type) {
      if (input instanceof DirectInput bounded) {
        bounded.check(bounded.peekVarInt() - 1L, "an array"); // 0 stands for null
      }
      return super.read(kryo, input, type);
    }
  }
}
