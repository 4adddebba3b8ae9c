package io.stingray.raylet.rpc;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.raylet.rpc.proto.CreateActorRequest;
import io.stingray.raylet.rpc.proto.ListTasksReply;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A node, for tests of pulls, that only holds objects: what a test does not override refuses work
 * and actors and ignores frees and borrowers.
 */
public abstract class ObjectHolder implements PeerHandler {
  @Override
  public void run(Work work, Consumer<WorkResult> reply) {
    throw new UnsupportedOperationException("not in this test");
  }

  @Override
  public void undelivered(List<WorkResult> results) {}

  @Override
  public void unconfirmed(List<WorkResult> results) {}

  @Override
  public void createActor(CreateActorRequest request) {
    throw new UnsupportedOperationException("not in this test");
  }

  @Override
  public void killActor(ActorId id, boolean noRestart) {
    throw new UnsupportedOperationException("not in this test");
  }

  @Override
  public void free(List<ObjectId> ids) {}

  @Override
  public void borrowers(NodeId borrower, List<ObjectId> add, List<ObjectId> remove) {}

  @Override
  public boolean bundles(
      PeerHandler.BundlePhase phase,
      io.stingray.api.PlacementGroupId group,
      Map<Integer, Map<String, Double>> bundles) {
    return false;
  }

  @Override
  public ListTasksReply recentTasks(int limit, String state) {
    return ListTasksReply.getDefaultInstance();
  }

  @Override
  public boolean cancelTask(String taskId, boolean force) {
    return false;
  }
}
