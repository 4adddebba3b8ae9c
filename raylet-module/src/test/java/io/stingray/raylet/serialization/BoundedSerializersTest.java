package io.stingray.raylet.serialization;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** Collections, maps and object arrays that announce more elements than their bytes can hold. */
class BoundedSerializersTest {
  final Kryo kryo = new Kryo();

  static DirectInput input(byte[] bytes) {
    DirectInput in = new DirectInput(64);
    in.setInputStream(new ByteArrayInputStream(bytes));
    in.limitTo(bytes.length);
    return in;
  }

  @Test
  void aCollectionOrMapOfMoreElementsThanBytesIsRefusedBeforeItIsMade() {
    DirectInput ten = input(new byte[10]);
    assertThatThrownBy(
            () -> new BoundedSerializers.Collections().create(kryo, ten, ArrayList.class, 1 << 30))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("a collection of 1073741824 elements");
    assertThatThrownBy(() -> new BoundedSerializers.Maps().create(kryo, ten, HashMap.class, 11))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("map");
  }

  @Test
  void anObjectArrayOfMoreElementsThanBytesIsRefusedBeforeItIsMade() {
    // the length (2^30, written + 1) as Kryo's variable-length int, then nothing
    byte[] bytes = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04};
    DirectInput in = input(bytes);
    assertThatThrownBy(
            () ->
                new BoundedSerializers.ObjectArrays(kryo, Object[].class)
                    .read(kryo, in, Object[].class))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("an array of 1073741824 elements");
  }

  @Test
  void anImmutableListOfMoreElementsThanBytesIsRefusedBeforeItIsMade() {
    DirectInput ten = input(new byte[10]);
    assertThatThrownBy(
            () ->
                new BoundedSerializers.ImmutableLists()
                    .create(kryo, ten, java.util.List.of().getClass(), 1 << 30))
        .isInstanceOf(KryoException.class)
        .hasMessageContaining("a list of 1073741824 elements");
    org.assertj.core.api.Assertions.assertThat(
            BoundedSerializers.bounded(
                kryo,
                java.util.List.of(1, 2, 3).getClass(),
                withJdkImmutables().getDefaultSerializer(java.util.List.of(1, 2, 3).getClass())))
        .as("Kryo's own serializer for List.of is swapped for the bounded one")
        .isInstanceOf(BoundedSerializers.ImmutableLists.class);
  }

  @Test
  void immutableListsOfEverySizeTravelWhole() {
    ObjectSerializer s =
        new ObjectSerializer(
            getClass().getClassLoader(),
            ClassFilter.of(java.util.List.of(), false),
            java.util.Map.of());
    for (java.util.List<Object> l :
        java.util.List.<java.util.List<Object>>of(
            java.util.List.of(),
            java.util.List.of("a"),
            java.util.List.of("a", 2),
            java.util.List.of("a", 2, 3L, java.util.List.of(4)))) {
      Object back = s.deserialize(s.serialize(l).bytes());
      org.assertj.core.api.Assertions.assertThat(back).isEqualTo(l);
      assertThatThrownBy(() -> ((java.util.List<Object>) back).add("x"))
          .as("still immutable")
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  static Kryo withJdkImmutables() {
    Kryo k = new Kryo();
    com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers.addDefaultSerializers(k);
    return k;
  }

  @Test
  void aBooleanOrStringArrayOfMoreElementsThanBytesIsRefusedBeforeItIsMade() {
    // Kryo makes these arrays by the announced length before it reads an element (an 18-byte
    // value announcing a boolean[] of two billion took the heap, found by WireFuzzTest)
    ObjectSerializer s =
        new ObjectSerializer(
            getClass().getClassLoader(),
            ClassFilter.of(java.util.List.of(), false),
            java.util.Map.of());
    for (Object empty : new Object[] {new boolean[0], new String[0]}) {
      byte[] written = s.serialize(empty).bytes().toByteArray();
      org.assertj.core.api.Assertions.assertThat(written[written.length - 1])
          .as("an empty array ends with its length + 1")
          .isEqualTo((byte) 1);
      byte[] forged = java.util.Arrays.copyOf(written, written.length + 4);
      byte[] length = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04}; // 2^30 + 1
      System.arraycopy(length, 0, forged, written.length - 1, length.length);
      assertThatThrownBy(() -> s.deserialize(forged))
          .isInstanceOf(io.stingray.api.exception.RayException.class)
          .hasMessageContaining("array of 1073741824 elements");
    }
  }
}
