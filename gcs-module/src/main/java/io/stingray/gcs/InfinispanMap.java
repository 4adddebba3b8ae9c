package io.stingray.gcs;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.infinispan.Cache;

/**
 * A GCS table's storage on a replicated Infinispan cache (the only one a cluster uses). Every call
 * runs with Stingray's class loader as the context loader ({@link OwnClassLoader}): Infinispan's
 * pools keep the caller's with the tasks they queue.
 */
final class InfinispanMap implements ReplicatedMap {
  private final Cache<String, byte[]> cache;

  InfinispanMap(Cache<String, byte[]> cache) {
    this.cache = cache;
  }

  @Override
  public byte[] get(String key) {
    return OwnClassLoader.call(() -> cache.get(key));
  }

  @Override
  public boolean containsKey(String key) {
    return OwnClassLoader.call(() -> cache.containsKey(key));
  }

  @Override
  public void put(String key, byte[] value) {
    OwnClassLoader.run(() -> cache.put(key, value));
  }

  @Override
  public CompletionStage<byte[]> putAsync(String key, byte[] value) {
    return OwnClassLoader.call(() -> cache.putAsync(key, value));
  }

  @Override
  public byte[] putIfAbsent(String key, byte[] value) {
    return OwnClassLoader.call(() -> cache.putIfAbsent(key, value));
  }

  @Override
  public boolean replace(String key, byte[] expected, byte[] next) {
    return OwnClassLoader.call(() -> cache.replace(key, expected, next));
  }

  @Override
  public byte[] remove(String key) {
    return OwnClassLoader.call(() -> cache.remove(key));
  }

  @Override
  public boolean remove(String key, byte[] expected) {
    return OwnClassLoader.call(() -> cache.remove(key, expected));
  }

  @Override
  public CompletionStage<byte[]> removeAsync(String key) {
    return OwnClassLoader.call(() -> cache.removeAsync(key));
  }

  @Override
  public Set<String> keys() {
    return OwnClassLoader.call(() -> Set.copyOf(cache.keySet()));
  }

  @Override
  public Collection<byte[]> values() {
    return OwnClassLoader.call(() -> List.copyOf(cache.values()));
  }

  @Override
  public Map<String, byte[]> entries() {
    Map<String, byte[]> out = new HashMap<>();
    OwnClassLoader.run(() -> cache.forEach(out::put));
    return out;
  }

  @Override
  public void onWrite(Consumer<String> listener) {
    OwnClassLoader.run(() -> cache.addListener(new WriteListener(listener)));
  }

  /** Infinispan's listener for {@link #onWrite}: asynchronous, after the write. */
  @org.infinispan.notifications.Listener(sync = false)
  public static final class WriteListener {
    private final Consumer<String> listener;

    WriteListener(Consumer<String> listener) {
      this.listener = listener;
    }

    @org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated
    @org.infinispan.notifications.cachelistener.annotation.CacheEntryModified
    public void changed(
        org.infinispan.notifications.cachelistener.event.CacheEntryEvent<String, byte[]> e) {
      if (!e.isPre()) {
        listener.accept(e.getKey());
      }
    }
  }
}
