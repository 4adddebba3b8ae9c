package io.stingray.raylet;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.stingray.api.ActorHandle;
import io.stingray.api.ActorId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.actor.ActorHandleImpl;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectRefImpl;
import io.stingray.raylet.serialization.ObjectSerializer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kryo serializers for the runtime objects that travel inside values: an {@link ObjectRefImpl} is
 * written as its id and read back as a new local handle (keeping the object alive), an actor handle
 * as its actor id.
 */
final class RuntimeSerializers {
  private RuntimeSerializers() {}

  static Map<Class<?>, Serializer<?>> forJob(Raylet raylet, Job job) {
    Map<Class<?>, Serializer<?>> m = new LinkedHashMap<>();
    m.put(
        ObjectRefImpl.class,
        new Serializer<ObjectRefImpl<?>>() {
          @Override
          public void write(Kryo kryo, Output out, ObjectRefImpl<?> ref) {
            ObjectSerializer.collect(ref);
            out.writeLong(ref.id().high());
            out.writeLong(ref.id().low());
          }

          @Override
          public ObjectRefImpl<?> read(Kryo kryo, Input in, Class<? extends ObjectRefImpl<?>> t) {
            ObjectId id = ObjectId.of(in.readLong(), in.readLong());
            return raylet.table().newRef(id, job.getter());
          }
        });
    m.put(
        ActorHandleImpl.class,
        new Serializer<ActorHandleImpl<?>>() {
          @Override
          public void write(Kryo kryo, Output out, ActorHandleImpl<?> h) {
            out.writeLong(h.id().high());
            out.writeLong(h.id().low());
          }

          @Override
          public ActorHandleImpl<?> read(
              Kryo kryo, Input in, Class<? extends ActorHandleImpl<?>> t) {
            ActorHandle<?> h =
                raylet.actors().handle(ActorId.of(in.readLong(), in.readLong()), job);
            return (ActorHandleImpl<?>) h;
          }
        });
    return m;
  }
}
