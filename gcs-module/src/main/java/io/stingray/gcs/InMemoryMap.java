package io.stingray.gcs;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A GCS table's storage in one process's memory: the twin of {@link InfinispanMap} for unit tests,
 * with the same semantics (values compared by content, listeners told after the write on another
 * thread).
 */
final class InMemoryMap implements ReplicatedMap {
  private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final Executor notifier;

  /**
   * @param notifier runs the write listeners (as Infinispan's notification threads do)
   */
  InMemoryMap(Executor notifier) {
    this.notifier = notifier;
  }

  @Override
  public byte[] get(String key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(String key) {
    return map.containsKey(key);
  }

  @Override
  public void put(String key, byte[] value) {
    map.put(key, value);
    written(key);
  }

  @Override
  public CompletionStage<byte[]> putAsync(String key, byte[] value) {
    byte[] previous = map.put(key, value);
    written(key);
    return CompletableFuture.completedFuture(previous);
  }

  @Override
  public byte[] putIfAbsent(String key, byte[] value) {
    byte[] present = map.putIfAbsent(key, value);
    if (present == null) {
      written(key);
    }
    return present;
  }

  @Override
  public boolean replace(String key, byte[] expected, byte[] next) {
    boolean done = compareAndSet(key, expected, next);
    if (done) {
      written(key);
    }
    return done;
  }

  @Override
  public byte[] remove(String key) {
    return map.remove(key);
  }

  @Override
  public boolean remove(String key, byte[] expected) {
    return compareAndSet(key, expected, null);
  }

  /** Sets (null: removes) the key's value if it is {@code expected} by content. */
  private boolean compareAndSet(String key, byte[] expected, byte[] next) {
    boolean[] done = {false};
    map.computeIfPresent(
        key,
        (k, v) -> {
          if (Arrays.equals(v, expected)) {
            done[0] = true;
            return next;
          }
          return v;
        });
    return done[0];
  }

  @Override
  public CompletionStage<byte[]> removeAsync(String key) {
    return CompletableFuture.completedFuture(map.remove(key));
  }

  @Override
  public Set<String> keys() {
    return Set.copyOf(map.keySet());
  }

  @Override
  public Collection<byte[]> values() {
    return List.copyOf(map.values());
  }

  @Override
  public Map<String, byte[]> entries() {
    return Map.copyOf(map);
  }

  @Override
  public void onWrite(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void written(String key) {
    for (Consumer<String> l : listeners) {
      notifier.execute(() -> l.accept(key));
    }
  }
}
