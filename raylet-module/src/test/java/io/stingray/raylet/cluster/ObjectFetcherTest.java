package io.stingray.raylet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.gcs.GcsConfig;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.rpc.ClusterAuth;
import io.stingray.raylet.rpc.PeerServer;
import io.stingray.raylet.rpc.Peers;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A puller against a holder whose bytes arrive damaged (a real gRPC server, a real GCS member for
 * the node table): damaged bytes are never kept or handed out, the pull is made again, and after
 * the last try it fails with {@link ObjectLostException} naming the object; each arrival counts.
 */
class ObjectFetcherTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ClusterAuth auth = new ClusterAuth("fetcher-test", "secret");
  private final NodeId self = NodeId.random();
  private final NodeId holder = NodeId.random();
  private final AtomicInteger damagedLeft = new AtomicInteger();
  private final byte[] bytes = new byte[300_000];
  private GlobalControlStore gcs;
  private PeerServer server;
  private Peers peers;
  private ObjectStore store;
  private ObjectFetcher fetcher;

  @BeforeEach
  void start() {
    new Random(3).nextBytes(bytes);
    gcs =
        GlobalControlStore.join(
            new GcsConfig("fetcher-" + UUID.randomUUID(), self.hex(), null, null, "secret"));
    server = new PeerServer("127.0.0.1", 0, auth, new DamagingHolder(), executor, null, null);
    gcs.nodes()
        .put(
            new NodeRecord(
                holder,
                "holder",
                "127.0.0.1:" + server.port(),
                true,
                Map.of(),
                Map.of(),
                Map.of(),
                Set.of(),
                System.currentTimeMillis()));
    ClusterView view = new ClusterView(gcs.nodes(), self);
    peers = new Peers(auth, executor, view::address, null);
    store = new ObjectStore(64 << 20, 0.8, null);
    fetcher =
        new ObjectFetcher(view, peers, store, 1024, new Borrowers(view, peers), null, executor);
  }

  @AfterEach
  void stop() throws InterruptedException {
    peers.close();
    server.close();
    store.close();
    gcs.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void bytesThatArriveDamagedOnceAreFetchedAgainAndKeptWhole() throws Exception {
    damagedLeft.set(1);
    ObjectId id = ObjectId.of(holder.high(), 7);
    ObjectValue v = fetcher.pull(holder, id, id).get(30, TimeUnit.SECONDS);

    assertThat(v).isInstanceOf(ObjectValue.Stored.class);
    assertThat(store.get(id).toByteArray()).isEqualTo(bytes);
    assertThat(fetcher.checksumFailures()).isEqualTo(1);
  }

  @Test
  void bytesThatAlwaysArriveDamagedEndInObjectLostNamingTheObject() throws Exception {
    damagedLeft.set(Integer.MAX_VALUE);
    ObjectId id = ObjectId.of(holder.high(), 8);
    ObjectValue v = fetcher.pull(holder, id, id).get(30, TimeUnit.SECONDS);

    assertThat(v).isInstanceOf(ObjectValue.Failed.class);
    assertThat(((ObjectValue.Failed) v).error())
        .isInstanceOf(ObjectLostException.class)
        .hasMessageContaining(id.hex())
        .hasMessageContaining("damaged");
    assertThat(fetcher.checksumFailures()).isEqualTo(ObjectFetcher.PULL_TRIES);
    assertThat(store.contains(id)).as("nothing damaged kept").isFalse();
  }

  /** Holds one object and sends it with one byte flipped while damagedLeft > 0. */
  private final class DamagingHolder extends io.stingray.raylet.rpc.ObjectHolder {
    @Override
    public CompletableFuture<Held> object(ObjectId id, String job) {
      byte[] sent = bytes.clone();
      if (damagedLeft.getAndDecrement() > 0) {
        sent[12_345] ^= 1; // the wire, a disk, a bug: the checksum was taken before
      }
      Held whole = Held.of(List.of(bytes), bytes.length);
      return CompletableFuture.completedFuture(
          new Held(1, i -> sent, sent.length, whole.checksum(), null));
    }
  }
}
