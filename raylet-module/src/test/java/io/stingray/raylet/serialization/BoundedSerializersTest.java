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
}
