package io.stingray.gcs;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** {@link GlobalControlStore#inMemory}: the tables over {@link InMemoryMap}s, one member. */
final class InMemoryGcs implements GlobalControlStore {
  private final String member;
  private final NodeTable nodes;
  private final JobTable jobs;
  private final ActorTable actors;
  private final ObjectDirectory objectDirectory;
  private final PlacementGroupTable placementGroups;
  private volatile boolean closed;

  InMemoryGcs(String member, Executor notifier) {
    this.member = member;
    this.nodes = new NodeTable(new InMemoryMap(notifier));
    this.jobs = new JobTable(new InMemoryMap(notifier));
    this.actors = new ActorTable(new InMemoryMap(notifier), new InMemoryMap(notifier));
    this.objectDirectory = new ObjectDirectory(new InMemoryMap(notifier));
    this.placementGroups =
        new PlacementGroupTable(new InMemoryMap(notifier), new InMemoryMap(notifier));
  }

  private <T> T open(T table) {
    if (closed) {
      throw new IllegalStateException("the in-memory GCS of " + member + " is closed");
    }
    return table;
  }

  @Override
  public NodeTable nodes() {
    return open(nodes);
  }

  @Override
  public JobTable jobs() {
    return open(jobs);
  }

  @Override
  public ActorTable actors() {
    return open(actors);
  }

  @Override
  public ObjectDirectory objectDirectory() {
    return open(objectDirectory);
  }

  @Override
  public PlacementGroupTable placementGroups() {
    return open(placementGroups);
  }

  @Override
  public String localMember() {
    return member;
  }

  @Override
  public List<String> members() {
    return List.of(member);
  }

  @Override
  public void onMembersLeft(Consumer<List<String>> listener) {
    // one member, which never leaves itself
  }

  @Override
  public void onMembersJoined(Consumer<List<String>> listener) {
    // no other member ever joins
  }

  @Override
  public void close() {
    closed = true;
  }
}
