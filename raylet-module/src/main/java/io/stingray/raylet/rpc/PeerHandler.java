package io.stingray.raylet.rpc;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import io.stingray.raylet.rpc.proto.Failure;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a node does with the requests other nodes send it; implemented by the raylet ({@code
 * inbound.WorkReceiver}), called by {@link PeerServer}: most calls on the node's executor through
 * {@link HandlerExecutor} (bounded, never on gRPC's network threads), {@link #free} and {@link
 * #borrowers} on the transport thread (they only drop or take handles, in the order sent), so those
 * two never block. Bad input is reported by throwing {@code StatusRuntimeException} with
 * INVALID_ARGUMENT.
 */
public interface PeerHandler {
  /**
   * Starts work sent by another node; {@code reply} is called exactly once, from any thread, when
   * it finished, failed or cannot run here.
   */
  void run(Work work, Consumer<WorkResult> reply);

  /**
   * Results of work whose sender can no longer hear them: its stream was cancelled or closed before
   * they went out (it gave this node up, say while this node was paused, and will place the work
   * again). A result kept here for the sender must be dropped: the sender will never pull or free
   * it. Called from any thread, at most once per result; must not block.
   */
  void undelivered(List<WorkResult> results);

  /**
   * Results sent on a stream that ended (cancelled or closed) soon after: the sender may not have
   * read them (it gave this node up just then). A stored result kept for the sender that the sender
   * does not pull or free within a minute must be dropped. Called from any thread, at most once per
   * result; must not block.
   */
  void unconfirmed(List<WorkResult> results);

  /** Hosts an actor here; returns once it is registered (its constructor runs later). */
  void createActor(CreateActorRequest request);

  /** Kills an actor hosted here; unknown ids are ignored. */
  void killActor(ActorId id, boolean noRestart);

  /**
   * The bytes of an object held here, once it is ready; null if the object is not here.
   *
   * @param job the job whose serializer writes a value held as a plain Java value
   */
  CompletableFuture<Held> object(ObjectId id, String job);

  /** Drops objects this node held for another node. */
  void free(List<ObjectId> ids);

  /** Another node now borrows ({@code add}) or no longer borrows ({@code remove}) our objects. */
  void borrowers(NodeId borrower, List<ObjectId> add, List<ObjectId> remove);

  /**
   * Reserves, commits or gives back placement-group bundles here for the group's creator.
   *
   * @return false if PREPARE finds the resources not free now
   */
  boolean bundles(
      BundlePhase phase,
      io.stingray.api.PlacementGroupId group,
      java.util.Map<Integer, java.util.Map<String, Double>> bundles);

  /** The steps of reserving a placement group's bundles on a node (two-phase, then give back). */
  enum BundlePhase {
    PREPARE,
    COMMIT,
    CANCEL
  }

  /** The recent tasks this node owns, for another node's console; never blocks. */
  io.stingray.raylet.rpc.proto.ListTasksReply recentTasks(int limit, String state);

  /** Cancels a task this node owns; false if no unfinished task has that id here. */
  boolean cancelTask(String taskId, boolean force);

  /**
   * An object's content for a pull: {@code count} chunks read one at a time as the stream can take
   * them ({@code chunk} returns null if the object left this node meanwhile), with the CRC32C of
   * all their bytes ({@link io.stingray.raylet.serialization.ChunkedBytes#checksum}) that the
   * puller checks; or the failure it holds.
   */
  record Held(
      int count,
      java.util.function.IntFunction<byte[]> chunk,
      long size,
      int checksum,
      Failure failure) {
    /** Chunks already in memory (their checksum is taken now). */
    public static Held of(List<byte[]> chunks, long size) {
      return new Held(
          chunks.size(),
          chunks::get,
          size,
          io.stingray.raylet.serialization.ChunkedBytes.checksum(chunks),
          null);
    }

    /** A failure instead of bytes. */
    public static Held failed(Failure failure) {
      return new Held(0, i -> null, 0, 0, failure);
    }
  }
}
