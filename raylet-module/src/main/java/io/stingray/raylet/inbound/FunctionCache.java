package io.stingray.raylet.inbound;

import io.stingray.api.RayFunction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Functions without state that arrived with work, read once per job and exact bytes (most tasks
 * call the same method reference again and again). Keyed by the SHA-256 of the bytes, so the cache
 * holds 32 bytes per entry however large the function was, and bytes that differ anywhere (a
 * trailing byte included) are another entry. At most {@link #MAX_ENTRIES} entries per job; a job
 * that makes functions endlessly starts over rather than growing. Thread-safe.
 */
final class FunctionCache {
  static final int MAX_ENTRIES = 4096;
  private final Map<Object, Map<String, RayFunction>> byJob = new ConcurrentHashMap<>();

  /**
   * The job's function for these bytes: the cached one, or {@code read}'s, cached if {@code
   * cacheable} says so.
   */
  RayFunction get(
      Object job,
      byte[] bytes,
      Function<byte[], RayFunction> read,
      java.util.function.Predicate<RayFunction> cacheable) {
    Map<String, RayFunction> known = byJob.computeIfAbsent(job, j -> new ConcurrentHashMap<>());
    String key = sha256(bytes);
    RayFunction cached = known.get(key);
    if (cached != null) {
      return cached;
    }
    RayFunction f = read.apply(bytes);
    if (cacheable.test(f)) {
      if (known.size() >= MAX_ENTRIES) {
        known.clear();
      }
      known.put(key, f);
    }
    return f;
  }

  /** How many functions are cached for {@code job}. */
  int size(Object job) {
    Map<String, RayFunction> known = byJob.get(job);
    return known == null ? 0 : known.size();
  }

  /** Forgets a job's functions (and with them the references to its classes). */
  void forget(Object job) {
    byJob.remove(job);
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
