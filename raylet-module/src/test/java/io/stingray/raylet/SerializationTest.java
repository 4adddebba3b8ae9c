package io.stingray.raylet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.api.ObjectRef;
import io.stingray.api.RayContext;
import io.stingray.api.exception.RayException;
import io.stingray.raylet.serialization.ClassFilter;
import io.stingray.raylet.serialization.ObjectSerializer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializationTest {
  static final AtomicInteger REFUSED_BUILT = new AtomicInteger();
  static volatile boolean trapInitialized;

  /** Allowed by the strict test filter. */
  public static class Allowed {
    public int n;

    public Allowed() {}

    Allowed(int n) {
      this.n = n;
    }
  }

  /** Not on the strict list; its constructor counts instantiations. */
  public static class Refused {
    public Refused() {
      REFUSED_BUILT.incrementAndGet();
    }
  }

  /** A stand-in whose name is rewritten in serialized bytes into {@link Trapx}. */
  public static class Decoy {
    public int n = 1;
  }

  /** Never loaded by the tests: its static initializer records that it ran. */
  public static class Trapx {
    static {
      trapInitialized = true;
    }

    public int n;
  }

  @Test
  void aStrictJobRefusesClassesOutsideItsListWithoutBuildingThem() {
    try (RayNode node =
        NodeFixture.start(
            NodeConfig.builder()
                .numCpus(1)
                .strictClassFilter(true)
                .allowedClasses(List.of("io.stingray.raylet.SerializationTest$Allowed")))) {
      RayContext ray = node.context();
      assertThat(ray.get(ray.put(new Allowed(3))).n).isEqualTo(3);
      assertThat(ray.get(ray.put(List.of(1, 2)))).containsExactly(1, 2);
      assertThat(ray.get(ray.put(Map.of("k", 1L)))).containsEntry("k", 1L);

      ObjectRef<Refused> ref = ray.put(new Refused());
      int built = REFUSED_BUILT.get();
      assertThatThrownBy(() -> ray.get(ref))
          .isInstanceOf(RayException.class)
          .hasMessageContaining(Refused.class.getName())
          .hasMessageContaining("not allowed");
      assertThat(REFUSED_BUILT.get()).as("never instantiated").isEqualTo(built);
    }
  }

  @Test
  void bytesNamingARefusedClassNeverLoadOrInitializeIt() {
    ObjectSerializer permissive =
        new ObjectSerializer(
            getClass().getClassLoader(), ClassFilter.of(List.of(), false), Map.of());
    byte[] bytes = permissive.serialize(new Decoy()).bytes().toByteArray();
    byte[] forged = replaceAscii(bytes, "Decoy", "Trapx");
    ObjectSerializer strict =
        new ObjectSerializer(
            getClass().getClassLoader(),
            ClassFilter.of(List.of("io.stingray.raylet.SerializationTest$Decoy"), true),
            Map.of());
    assertThat(((Decoy) strict.deserialize(new ByteArrayInputStream(bytes))).n).isEqualTo(1);
    assertThatThrownBy(() -> strict.deserialize(new ByteArrayInputStream(forged)))
        .isInstanceOf(RayException.class)
        .hasMessageContaining("SerializationTest$Trapx")
        .hasMessageContaining("not allowed");
    assertThat(trapInitialized).as("the refused class was never initialized").isFalse();
  }

  static ObjectSerializer plain() {
    return new ObjectSerializer(
        SerializationTest.class.getClassLoader(), ClassFilter.of(List.of(), false), Map.of());
  }

  /** Kryo bytes of a byte[] whose length field announces {@code length} bytes, and no bytes. */
  static byte[] announcingByteArray(int length) {
    byte[] valid = plain().serialize(new byte[] {7}).bytes().toByteArray();
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.write(valid, 0, valid.length - 2); // all but the length (1 + 1) and the one byte
    long v = length + 1L; // Kryo writes length + 1 (0 is null)
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
    return b.toByteArray();
  }

  @Test
  void aFewBytesAnnouncingGigabytesAreRefusedBeforeAnythingIsAllocated() {
    byte[] forged = announcingByteArray(Integer.MAX_VALUE - 8);
    assertThat(forged.length).as("a handful of bytes").isLessThanOrEqualTo(16);
    assertThatThrownBy(() -> plain().deserialize(forged))
        .isInstanceOf(RayException.class)
        .hasMessageContaining("refused a byte array of " + (Integer.MAX_VALUE - 8) + " elements");
    byte[] fine = plain().serialize(new byte[100_000]).bytes().toByteArray();
    assertThat((byte[]) plain().deserialize(fine)).hasSize(100_000);
  }

  @Test
  void stringsArraysAndMapsStillRoundTrip() {
    ObjectSerializer s = plain();
    String text = "é".repeat(200); // UTF-8, with a two-byte length
    assertThat(s.deserialize(s.serialize(text).bytes().toByteArray())).isEqualTo(text);
    Object[] objects = {"a", 1, List.of(2)};
    assertThat((Object[]) s.deserialize(s.serialize(objects).bytes().toByteArray()))
        .containsExactly("a", 1, List.of(2));
    Map<String, Integer> map = new java.util.HashMap<>(Map.of("x", 1, "y", 2));
    assertThat(s.deserialize(s.serialize(map).bytes().toByteArray())).isEqualTo(map);
    List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
    assertThat(s.deserialize(s.serialize(list).bytes().toByteArray())).isEqualTo(list);
    // Kryo's own serializers for particular collection types stay in charge of them
    for (Object v :
        List.of(
            java.util.Arrays.asList(1, 2),
            java.util.Collections.singletonList("x"),
            java.util.Collections.singletonMap("k", 1),
            java.util.EnumSet.of(java.util.concurrent.TimeUnit.SECONDS),
            new ArrayList<>(java.util.Collections.nCopies(100, null)))) {
      assertThat(s.deserialize(s.serialize(v).bytes().toByteArray())).isEqualTo(v);
    }
    java.util.TreeMap<String, Integer> reversed =
        new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.put("a", 1);
    reversed.put("b", 2);
    @SuppressWarnings("unchecked")
    java.util.TreeMap<String, Integer> back =
        (java.util.TreeMap<String, Integer>)
            s.deserialize(s.serialize(reversed).bytes().toByteArray());
    assertThat(back.firstKey()).as("its comparator came along").isEqualTo("b");
  }

  /** A value nested deeper than the limit. */
  static final class Nest implements java.io.Serializable {
    Nest inner;
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedNotFollowed() {
    Nest deep = new Nest();
    Nest at = deep;
    for (int i = 0; i < ObjectSerializer.MAX_DEPTH + 50; i++) {
      at.inner = new Nest();
      at = at.inner;
    }
    byte[] bytes = plain().serialize(deep).bytes().toByteArray();
    assertThatThrownBy(() -> plain().deserialize(bytes))
        .isInstanceOf(RayException.class)
        .hasMessageContaining("nesting deeper than " + ObjectSerializer.MAX_DEPTH);
  }

  @Test
  void theDefaultFilterRefusesKnownGadgetPackagesAndJdkInternals() {
    ClassFilter defaults = ClassFilter.of(List.of(), false);
    assertThat(defaults.allows("com.acme.Order")).isTrue();
    assertThat(defaults.allows("java.util.ArrayList")).isTrue();
    assertThat(defaults.allows("[Ljava.lang.String;")).isTrue();
    assertThat(defaults.allows("[I")).isTrue();
    assertThat(defaults.allows("org.apache.commons.collections.functors.InvokerTransformer"))
        .isFalse();
    assertThat(defaults.allows("javax.management.BadAttributeValueExpException")).isFalse();
    assertThat(defaults.allows("java.rmi.server.UnicastRemoteObject")).isFalse();
    ClassFilter strict = ClassFilter.of(List.of("com.acme.**", "org.x.*"), true);
    assertThat(strict.allows("com.acme.deep.Order")).isTrue();
    assertThat(strict.allows("org.x.A")).isTrue();
    assertThat(strict.allows("org.x.y.A")).isFalse();
    assertThat(strict.allows("com.other.Order")).isFalse();
    assertThatThrownBy(() -> ClassFilter.of(List.of("com.*.x"), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] replaceAscii(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] out = bytes.clone();
    for (int i = 0; i + f.length <= out.length; i++) {
      boolean match = true;
      for (int j = 0; j < f.length && match; j++) {
        // Kryo marks the last character of an ASCII string with the high bit
        match = (out[i + j] & 0x7f) == f[j];
      }
      if (match) {
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        for (int j = 0; j < t.length; j++) {
          out[i + j] = (byte) (t[j] | (out[i + j] & 0x80));
        }
        return out;
      }
    }
    throw new AssertionError(from + " not found in the serialized bytes");
  }
}
