package io.stingray.gcs;

import io.stingray.api.ActorId;
import java.util.List;
import java.util.Optional;

/**
 * The actor table and the named-actor index. Thread-safe. A name is unique per namespace: {@link
 * #claimName} is an atomic put-if-absent across the cluster.
 */
public final class ActorTable {
  private final ReplicatedMap actors;
  private final NameIndex<ActorId> names;

  ActorTable(ReplicatedMap actors, ReplicatedMap names) {
    this.actors = actors;
    this.names = new NameIndex<>(names, ActorId::of);
  }

  /** Writes an actor's first row. */
  public void create(ActorRecord actor) {
    actors.put(actor.id().hex(), RecordCodec.encode(actor));
  }

  /**
   * Moves an actor to a new state. The move is a compare-and-set on the row it was checked against
   * (owner and host both write rows): a concurrent write makes it check again against the new row,
   * so DEAD, once written by anyone, stays final.
   *
   * @throws IllegalStateException if the actor is unknown, the move is not allowed from its current
   *     state (for example out of DEAD), or the row is about a later instance (more restarts) than
   *     {@code next} ({@link StaleActorRowException}): an older instance's state never overwrites a
   *     newer one's
   * @throws GcsException if the row kept changing under {@value #MAX_UPDATE_TRIES} tries
   */
  public ActorRecord update(ActorRecord next) {
    return move(next, false);
  }

  /** The compare-and-set loop of {@link #update} and {@link #revive} (which may leave DEAD). */
  private ActorRecord move(ActorRecord next, boolean outOfDead) {
    String key = next.id().hex();
    byte[] encoded = RecordCodec.encode(next);
    for (int attempt = 0; attempt < MAX_UPDATE_TRIES; attempt++) {
      byte[] raw = actors.get(key);
      if (raw == null) {
        throw new IllegalStateException("unknown actor " + key);
      }
      ActorRecord current = RecordCodec.decodeActor(raw);
      if (!(outOfDead && current.state() == ActorState.DEAD)
          && current.state() != next.state()
          && !current.state().canMoveTo(next.state())) {
        throw new IllegalStateException(
            "actor " + key + " cannot move from " + current.state() + " to " + next.state());
      }
      if (next.numRestarts() < current.numRestarts()) { // as a merge orders two rows
        throw new StaleActorRowException(
            "actor "
                + key
                + " is at restart "
                + current.numRestarts()
                + ": a state of its instance "
                + next.numRestarts()
                + " is stale",
            current.numRestarts());
      }
      if (actors.replace(key, raw, encoded)) {
        if (next.state() == ActorState.DEAD && next.name() != null) {
          releaseName(next.namespace(), next.name(), next.id());
        }
        return next;
      }
    }
    throw new GcsException(
        "actor "
            + key
            + " changed under "
            + MAX_UPDATE_TRIES
            + " tries to move it to "
            + next.state());
  }

  /**
   * Brings a dead actor back as RESTARTING: only for its owner, after a partition healed, when the
   * other side recorded it dead for losing the owner that was in fact alive. Reclaims its name
   * (released when it died) first. Compare-and-set on the dead row, as {@link #update}.
   *
   * @throws IllegalStateException if the actor is unknown, or another actor took its name meanwhile
   *     (it then stays dead); a row that is not dead is moved as {@link #update} would (and refused
   *     as it would: {@link StaleActorRowException} if the row is about a later instance)
   * @throws GcsException if the row kept changing under {@value #MAX_UPDATE_TRIES} tries
   */
  public ActorRecord revive(ActorRecord next) {
    String key = next.id().hex();
    if (next.state() != ActorState.RESTARTING) {
      throw new IllegalArgumentException("a revived actor restarts, not " + next.state());
    }
    boolean claimed = false;
    if (next.name() != null) {
      Optional<ActorId> holder = names.claim(next.namespace(), next.name(), next.id());
      if (holder.isPresent() && !holder.get().equals(next.id())) {
        throw new IllegalStateException(
            "actor "
                + key
                + " cannot come back: actor "
                + holder.get().hex()
                + " took its name '"
                + next.name()
                + "'");
      }
      claimed = holder.isEmpty(); // not if it still held it (the row was not dead after all)
    }
    try {
      return move(next, true);
    } catch (RuntimeException e) { // it stays dead: the name it took back goes again
      if (claimed) {
        releaseName(next.namespace(), next.name(), next.id());
      }
      throw e;
    }
  }

  /** Compare-and-set tries of one {@link #update} before it gives up. */
  static final int MAX_UPDATE_TRIES = 100;

  /**
   * Tells {@code listener} the id of every actor whose row is created or changed, by any member,
   * after the change. Called on an Infinispan notification thread: it must not block. For the
   * lifetime of this GCS connection.
   */
  public void onChange(java.util.function.Consumer<ActorId> listener) {
    actors.onWrite(key -> listener.accept(ActorId.fromHex(key)));
  }

  /** An actor's row, if known. */
  public Optional<ActorRecord> get(ActorId id) {
    byte[] b = actors.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeActor(b));
  }

  /** Every actor, dead ones too. */
  public List<ActorRecord> all() {
    return RecordCodec.decodeAll(actors.values(), RecordCodec::decodeActor, "actor");
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
