package io.stingray.gcs;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The storage under every GCS table: a map from string keys to encoded rows that every member holds
 * a replica of. The tables (their encoding, compare-and-set, names) are written once against it;
 * {@link InfinispanMap} is the cluster's, {@link InMemoryMap} the twin for unit tests of one
 * process.
 *
 * <p>Thread-safe. Synchronous writes return once every member applied them; the {@code *Async} ones
 * do not wait. Compare-and-set methods compare values by content.
 */
interface ReplicatedMap {
  byte[] get(String key);

  boolean containsKey(String key);

  void put(String key, byte[] value);

  CompletionStage<byte[]> putAsync(String key, byte[] value);

  /** Puts unless the key is present; returns the present value, or null if it put. */
  byte[] putIfAbsent(String key, byte[] value);

  /**
   * Replaces {@code expected} with {@code next}; false if the value is no longer {@code expected}.
   */
  boolean replace(String key, byte[] expected, byte[] next);

  /** Removes the key and returns its value, or null. */
  byte[] remove(String key);

  /** Removes the key if its value is still {@code expected}. */
  boolean remove(String key, byte[] expected);

  CompletionStage<byte[]> removeAsync(String key);

  /** A snapshot of the keys. */
  Set<String> keys();

  /** A snapshot of the values. */
  Collection<byte[]> values();

  /** A snapshot of the entries. */
  Map<String, byte[]> entries();

  /**
   * Tells {@code listener} the key of every entry created or changed, by any member, after the
   * change, on a notification thread (it must not block).
   */
  void onWrite(Consumer<String> listener);
}
