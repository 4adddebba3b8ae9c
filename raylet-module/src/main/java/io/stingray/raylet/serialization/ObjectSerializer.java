package io.stingray.raylet.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import io.stingray.api.exception.RayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns a job's values into bytes and back: Kryo (fast, for any class) with a fallback to Java
 * serialization for {@link Serializable} classes Kryo cannot reach on a modular JDK. Both paths
 * load classes only through the job's {@link ClassFilter}. Thread-safe (Kryo instances are pooled).
 */
public final class ObjectSerializer {
  private static final int KRYO = 'K';

  /**
   * How deep values may nest (objects within objects) when read back: deeper bytes are refused, not
   * followed until the stack or a CPU gives out.
   */
  public static final int MAX_DEPTH = 500;

  /** The longest array Java serialization may read back. */
  private static final long MAX_JAVA_ARRAY = 1L << 27;

  /** The most object references Java serialization may read back in one value. */
  private static final long MAX_JAVA_REFERENCES = 10_000_000;

  private static final int JAVA = 'J';
  private static final ThreadLocal<List<Object>> COLLECTED = new ThreadLocal<>();

  private final ClassLoader guardedLoader;
  private final ClassFilter filter;
  private final Pool<Codec> pool;

  /** A Kryo instance with its reusable buffers (Kryo and its buffers are not thread-safe). */
  private static final class Codec {
    final Kryo kryo;
    final Output output = new Output(4096);
    final DirectInput input = new DirectInput(8192);

    Codec(Kryo kryo) {
      this.kryo = kryo;
    }
  }

  /**
   * @param jobLoader loads the job's classes
   * @param filter which classes may be deserialized
   * @param special serializers for runtime types (object refs, actor handles), in a fixed order
   */
  public ObjectSerializer(
      ClassLoader jobLoader, ClassFilter filter, Map<Class<?>, Serializer<?>> special) {
    this.guardedLoader = filter.guard(jobLoader);
    this.filter = filter;
    this.pool =
        new Pool<>(true, false, 64) {
          @Override
          protected Codec create() {
            Kryo k =
                new Kryo(new FilteringClassResolver(filter), new MapReferenceResolver()) {
                  @Override
                  @SuppressWarnings("rawtypes")
                  public Serializer getDefaultSerializer(Class type) {
                    return BoundedSerializers.bounded(this, type, super.getDefaultSerializer(type));
                  }
                };
            k.setRegistrationRequired(false);
            k.setReferences(true);
            k.setClassLoader(guardedLoader);
            k.setInstantiatorStrategy(
                new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            ImmutableCollectionsSerializers.addDefaultSerializers(k);
            k.setMaxDepth(MAX_DEPTH);
            int id = 100;
            for (Map.Entry<Class<?>, Serializer<?>> e : special.entrySet()) {
              k.register(e.getKey(), e.getValue(), id++);
            }
            return new Codec(k);
          }
        };
  }

  /**
   * Serializes a value.
   *
   * @return the bytes and the runtime objects (refs, handles) found inside, as collected by the
   *     special serializers through {@link #collect}
   * @throws RayException naming the class that cannot be serialized
   */
  public Serialized serialize(Object value) {
    List<Object> previous = COLLECTED.get();
    List<Object> found = new ArrayList<>(0);
    COLLECTED.set(found);
    try {
      ChunkedBytes out = new ChunkedBytes();
      try {
        writeKryo(value, out);
      } catch (RuntimeException kryoFailure) {
        if (!(value instanceof Serializable)) {
          throw new RayException(
              "cannot serialize a "
                  + value.getClass().getName()
                  + ": "
                  + kryoFailure.getMessage()
                  + " (make it a plain class, a record or Serializable)",
              kryoFailure);
        }
        found.clear();
        out = new ChunkedBytes();
        writeJava(value, out);
      }
      return new Serialized(out.finish(), List.copyOf(found));
    } finally {
      COLLECTED.set(previous);
    }
  }

  /**
   * Serializes a function (a serializable lambda or method reference) with Java serialization,
   * which writes a lambda as its {@code SerializedLambda} form without opening JDK internals;
   * {@link #deserialize} reads it back through the class filter.
   *
   * @throws RayException if something the function captured is not serializable
   */
  public ChunkedBytes serializeFunction(Object function) {
    ChunkedBytes out = new ChunkedBytes();
    writeJava(function, out);
    return out.finish();
  }

  /** Called by special serializers to report a runtime object met while serializing. */
  public static void collect(Object runtimeObject) {
    List<Object> c = COLLECTED.get();
    if (c != null) {
      c.add(runtimeObject);
    }
  }

  private void writeKryo(Object value, ChunkedBytes out) {
    out.write(KRYO);
    Codec c = pool.obtain();
    c.output.setOutputStream(out);
    c.kryo.writeClassAndObject(c.output, value);
    c.output.flush();
    c.output.setOutputStream(null);
    pool.free(c); // only after success: a Kryo that threw midway is dropped, not reused
  }

  private void writeJava(Object value, ChunkedBytes out) {
    out.write(JAVA);
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(value);
    } catch (NotSerializableException e) {
      throw new RayException("cannot serialize: " + e.getMessage() + " is not serializable", e);
    } catch (IOException e) {
      throw new RayException("cannot serialize a " + value.getClass().getName(), e);
    }
  }

  /**
   * Rebuilds a value from bytes written by {@link #serialize}.
   *
   * @throws RayException if the bytes name a class the filter refuses (the message names it) or are
   *     corrupt
   */
  public Object deserialize(InputStream in) {
    return deserialize(in, Long.MAX_VALUE);
  }

  /** Rebuilds a value from these bytes, as {@link #deserialize(InputStream, long)}. */
  public Object deserialize(byte[] bytes) {
    return deserialize(new java.io.ByteArrayInputStream(bytes), bytes.length);
  }

  /** Rebuilds a value from these bytes, as {@link #deserialize(InputStream, long)}. */
  public Object deserialize(ChunkedBytes bytes) {
    return deserialize(bytes.inputStream(), bytes.size());
  }

  /**
   * Rebuilds a value from the {@code size} bytes of {@code in}. Nothing is allocated for more
   * elements than the bytes can hold (an array, string or collection announcing more is refused
   * before it is made), nesting is bounded ({@link #MAX_DEPTH}), and Java serialization is limited
   * likewise (array length, depth, references, bytes).
   *
   * @throws RayException if the bytes name a class the filter refuses (the message names it), break
   *     a limit (named), or are corrupt
   */
  public Object deserialize(InputStream in, long size) {
    try {
      int format = in.read();
      if (format == KRYO) {
        Codec c = pool.obtain();
        c.input.setInputStream(in);
        c.input.limitTo(size == Long.MAX_VALUE ? size : size - 1);
        Object value = c.kryo.readClassAndObject(c.input);
        c.input.setInputStream(null);
        pool.free(c); // only after success, as in writeKryo
        return value;
      }
      if (format == JAVA) {
        FilteredObjectInputStream o = new FilteredObjectInputStream(in, size);
        try (o) {
          return o.readObject();
        } catch (java.io.InvalidClassException refused) {
          if (o.limitBroken != null) {
            throw new RayException("cannot deserialize an object: " + o.limitBroken, refused);
          }
          throw refused;
        }
      }
      throw new RayException("corrupt object bytes: unknown format " + format);
    } catch (RayException e) {
      throw e;
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      ClassFilter.RefusedClassException refused = findRefused(e);
      if (refused != null) {
        throw new RayException(refused.getMessage(), refused);
      }
      throw new RayException("cannot deserialize an object: " + e.getMessage(), e);
    }
  }

  private static ClassFilter.RefusedClassException findRefused(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ClassFilter.RefusedClassException r) {
        return r;
      }
    }
    return null;
  }

  /** Java deserialization restricted by the filter, resolving classes in the job's loader. */
  private final class FilteredObjectInputStream extends ObjectInputStream {
    volatile String limitBroken; // which limit the bytes broke, for the message

    FilteredObjectInputStream(InputStream in, long size) throws IOException {
      super(in);
      setObjectInputFilter(
          info -> {
            if (info.arrayLength() > Math.min(MAX_JAVA_ARRAY, size)) {
              limitBroken = "an array of " + info.arrayLength() + " elements in " + size + " bytes";
            } else if (info.depth() > MAX_DEPTH) {
              limitBroken = "nesting deeper than " + MAX_DEPTH;
            } else if (info.references() > MAX_JAVA_REFERENCES) {
              limitBroken = "more than " + MAX_JAVA_REFERENCES + " references";
            } else if (info.streamBytes() > size) {
              limitBroken = "more bytes than the object holds";
            }
            if (limitBroken != null) {
              return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
              return ObjectInputFilter.Status.UNDECIDED;
            }
            return filter.allows(c.getName())
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
          });
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, guardedLoader);
      } catch (ClassFilter.RefusedClassException e) {
        throw e;
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc); // primitives ("int") and the like
      }
    }
  }

  /**
   * Checks every class name read from Kryo bytes before Kryo looks it up (Kryo would otherwise fall
   * back to its own class loader and bypass the job's guarded one).
   */
  private static final class FilteringClassResolver extends DefaultClassResolver {
    private final ClassFilter filter;

    FilteringClassResolver(ClassFilter filter) {
      this.filter = filter;
    }

    @Override
    protected Class<?> getTypeByName(String className) {
      if (!filter.allows(className)) {
        throw new KryoException(new ClassFilter.RefusedClassException(className));
      }
      Class<?> known = super.getTypeByName(className);
      if (known != null) {
        return known;
      }
      try { // through the guarded loader here: Kryo would retry a refusal with its own loader
        return Class.forName(className, false, kryo.getClassLoader());
      } catch (ClassFilter.RefusedClassException e) {
        throw new KryoException(e);
      } catch (ClassNotFoundException e) { // not Kryo's fallback to its own (the adapter's) loader
        throw new KryoException(
            "class " + className + " is not in the job's class loader (nor allowed from elsewhere)",
            e);
      }
    }
  }

  /** Serialized bytes and the runtime objects found inside them. */
  public record Serialized(ChunkedBytes bytes, List<Object> contained) {}
}
