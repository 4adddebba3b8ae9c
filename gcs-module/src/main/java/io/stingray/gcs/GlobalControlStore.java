package io.stingray.gcs;

import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster-wide tables that every raylet reads and writes: nodes, jobs, actors (with named
 * actors) and the object directory. Every member holds a replica, so there is no head node to lose.
 *
 * <p><b>Threading:</b> all methods are thread-safe. Table writes are synchronous (they return once
 * every member has applied them) unless a method returns a {@code CompletionStage}. Membership
 * callbacks run on an Infinispan notification thread and must not block.
 *
 * <p><b>Failure:</b> {@link #join} throws {@link GcsException} if the cluster cannot be joined;
 * table calls after {@link #close} throw {@link IllegalStateException}.
 */
public interface GlobalControlStore extends AutoCloseable {

  /**
   * Joins (or forms) the cluster named in the config and starts the tables. Blocks until this
   * member is in the view, typically 1–3 seconds.
   *
   * @throws GcsException if JGroups or Infinispan cannot start (the message says why)
   */
  static GlobalControlStore join(GcsConfig config) {
    return InfinispanGcs.start(config);
  }

  /**
   * A GCS of this process alone, its tables in memory: the twin of the cluster's for unit tests
   * that need tables but no cluster. Writes are applied at once; change listeners run on {@code
   * notifier}; no member ever leaves. Never joins anything: no node outside this process sees it.
   */
  static GlobalControlStore inMemory(String memberName, java.util.concurrent.Executor notifier) {
    return new InMemoryGcs(memberName, notifier);
  }

  NodeTable nodes();

  JobTable jobs();

  ActorTable actors();

  ObjectDirectory objectDirectory();

  PlacementGroupTable placementGroups();

  /** This member's name. */
  String localMember();

  /** The names of the members in the current view. */
  List<String> members();

  /**
   * Calls the listener with the names of members that left (gracefully or not) each time the view
   * shrinks. Called on a GCS notification thread after the new view is installed, never on the
   * thread that installs it; the listener should hand long work to its own threads.
   */
  void onMembersLeft(Consumer<List<String>> listener);

  /**
   * Calls the listener with the names of members that joined, or came back when a partition healed
   * (a merge view), each time the view grows. Called as {@link #onMembersLeft} is. After a merge,
   * rows written differently on both sides take the value of the larger side.
   */
  void onMembersJoined(Consumer<List<String>> listener);

  /** Leaves the cluster and stops every library thread this store started. Idempotent. */
  @Override
  void close();
}
