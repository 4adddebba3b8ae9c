package io.stingray.gcs;

import io.stingray.api.ActorId;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/**
 * The actor table and the named-actor index. Thread-safe. A name is unique per namespace: {@link
 * #claimName} is an atomic put-if-absent across the cluster.
 */
public final class ActorTable {
  private final Cache<String, byte[]> actors;
  private final Cache<String, byte[]> names;

  ActorTable(Cache<String, byte[]> actors, Cache<String, byte[]> names) {
    this.actors = actors;
    this.names = names;
  }

  /** Writes an actor's first row. */
  public void create(ActorRecord actor) {
    actors.put(actor.id().hex(), RecordCodec.encode(actor));
  }

  /**
   * Moves an actor to a new state.
   *
   * @throws IllegalStateException if the actor is unknown or the move is not allowed from its
   *     current state (for example out of DEAD)
   */
  public ActorRecord update(ActorRecord next) {
    ActorRecord current =
        get(next.id())
            .orElseThrow(() -> new IllegalStateException("unknown actor " + next.id().hex()));
    if (current.state() != next.state() && !current.state().canMoveTo(next.state())) {
      throw new IllegalStateException(
          "actor "
              + next.id().hex()
              + " cannot move from "
              + current.state()
              + " to "
              + next.state());
    }
    actors.put(next.id().hex(), RecordCodec.encode(next));
    if (next.state() == ActorState.DEAD && next.name() != null) {
      releaseName(next.namespace(), next.name(), next.id());
    }
    return next;
  }

  /** An actor's row, if known. */
  public Optional<ActorRecord> get(ActorId id) {
    byte[] b = actors.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeActor(b));
  }

  /** Every actor, dead ones too. */
  public List<ActorRecord> all() {
    return actors.values().stream().map(RecordCodec::decodeActor).toList();
  }

  /**
   * Claims a name in a namespace for an actor.
   *
   * @return empty if claimed; otherwise the actor that already holds it
   */
  public Optional<ActorId> claimName(String namespace, String name, ActorId id) {
    byte[] previous = names.putIfAbsent(nameKey(namespace, name), RecordCodec.encodeId(id));
    return previous == null
        ? Optional.empty()
        : Optional.of(RecordCodec.decodeId(previous, ActorId::of));
  }

  /** The actor holding a name, if any. */
  public Optional<ActorId> lookupName(String namespace, String name) {
    byte[] b = names.get(nameKey(namespace, name));
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeId(b, ActorId::of));
  }

  /** Frees a name if (and only if) this actor holds it. */
  public void releaseName(String namespace, String name, ActorId id) {
    String key = nameKey(namespace, name);
    byte[] b = names.get(key);
    if (b != null && RecordCodec.decodeId(b, ActorId::of).equals(id)) {
      names.remove(key, b);
    }
  }

  private static String nameKey(String namespace, String name) {
    return namespace.length() + ":" + namespace + "/" + name;
  }
}
