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
  private final NameIndex<ActorId> names;

  ActorTable(Cache<String, byte[]> actors, Cache<String, byte[]> names) {
    this.actors = actors;
    this.names = new NameIndex<>(names, ActorId::of);
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
    return names.claim(namespace, name, id);
  }

  /** The actor holding a name, if any. */
  public Optional<ActorId> lookupName(String namespace, String name) {
    return names.lookup(namespace, name);
  }

  /** Frees a name if (and only if) this actor holds it. */
  public void releaseName(String namespace, String name, ActorId id) {
    names.release(namespace, name, id);
  }
}
