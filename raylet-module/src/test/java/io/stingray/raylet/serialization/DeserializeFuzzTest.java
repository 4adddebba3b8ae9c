package io.stingray.raylet.serialization;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stingray.api.exception.RayException;
import java.util.List;
import java.util.Map;

/**
 * Any bytes given to the serializer as a value (Kryo's path and, through it, Java serialization's)
 * decode or fail with {@link RayException}: never another exception or an {@code Error} (an
 * allocation the bytes cannot back, a stack overflow). The regression inputs run in every build;
 * {@code JAZZER_FUZZ=1 mvn test -pl raylet-module -Dtest=DeserializeFuzzTest} fuzzes.
 */
class DeserializeFuzzTest {
  static final ObjectSerializer SERIALIZER =
      new ObjectSerializer(
          DeserializeFuzzTest.class.getClassLoader(), ClassFilter.of(List.of(), false), Map.of());

  @FuzzTest(maxDuration = "10m")
  void everyValueDecodesOrIsRefusedCleanly(byte[] bytes) {
    try {
      SERIALIZER.deserialize(bytes);
    } catch (RayException refused) {
      // malformed or refused bytes, reported as such
    }
  }
}
