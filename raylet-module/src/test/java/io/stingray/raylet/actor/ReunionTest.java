package io.stingray.raylet.actor;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.raylet.cluster.Membership;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an owner settles once healed, without a cluster: the GCS in memory, no threads. */
class ReunionTest {
  final NodeId self = NodeId.random();
  final NodeId host = NodeId.random();
  final GlobalControlStore gcs = GlobalControlStore.inMemory("test", Runnable::run);
  final Map<ActorId, RemoteActor> owned = new ConcurrentHashMap<>();
  final List<String> restarts = new ArrayList<>();
  final Reunion reunion =
      new Reunion(
          self,
          new Membership(self.hex(), List.of(self.hex(), host.hex())),
          gcs.actors(),
          () -> Set.of(self.hex(), host.hex()),
          owned,
          new ConcurrentHashMap<>(),
          Runnable::run,
          (ra, why, restartsAtSend, at) -> restarts.add(restartsAtSend + "@" + at.hex()));

  @AfterEach
  void close() {
    gcs.close();
  }

  @Test
  void settleRestartsTheInstanceLostWhileApartNotOneRestartedSince() {
    ActorId id = ActorId.of(self.high(), 1);
    RemoteActor ra =
        new RemoteActor(
            id,
            null,
            null,
            new Object[0],
            List.of(),
            new ActorOptions(),
            "ns",
            ResourceSet.of(Map.of()),
            "C",
            host);
    owned.put(id, ra);
    gcs.actors()
        .create(
            new ActorRecord(
                id,
                JobId.random(),
                "C",
                null,
                "ns",
                ActorState.DEAD,
                host,
                0,
                false,
                "killed: " + Reunion.ownerLost(self),
                0));
    reunion.ownedOutOfReach(ra);
    // meanwhile a call the dead instance refused made the owner restart it (instance 1)
    ra.restarts = 1;

    reunion.settle();

    assertThat(restarts)
        .as("the restart asked for instance 0, which the owner's check then finds replaced")
        .containsExactly("0@" + host.hex());
  }
}
