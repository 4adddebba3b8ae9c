package io.stingray.raylet.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.Collection;
import java.util.Map;

/**
 * Kryo's serializers for collections, maps and object arrays, with the size they announce checked
 * against the bytes left in the message ({@link DirectInput#check}) before they allocate for it:
 * Kryo sizes an {@code ArrayList}, a {@code HashMap} or an {@code Object[]} by the announced count.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /** Installs them as Kryo's defaults for these types. */
  static void install(Kryo kryo) {
    kryo.addDefaultSerializer(Collection.class, Collections.class);
    kryo.addDefaultSerializer(Map.class, Maps.class);
    kryo.addDefaultSerializer(Object[].class, ObjectArrays.class);
  }

  private static void check(Input input, long count, String what) {
    if (input instanceof DirectInput bounded) {
      bounded.check(count, what);
    }
  }

  /** Collections. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class Collections extends CollectionSerializer {
    @Override
    protected Collection create(Kryo kryo, Input input, Class type, int size) {
      check(input, size, "a collection");
      return super.create(kryo, input, type, size);
    }
  }

  /** Maps (each entry is a key and a value: two bytes at least). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class Maps extends MapSerializer {
    @Override
    protected Map create(Kryo kryo, Input input, Class type, int size) {
      check(input, 2L * size, "a map's keys and values");
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
