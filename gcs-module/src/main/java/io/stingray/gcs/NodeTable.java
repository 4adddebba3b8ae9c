package io.stingray.gcs;

import io.stingray.api.NodeId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The node table: one {@link NodeRecord} per raylet that ever joined. Thread-safe. */
public final class NodeTable {
  private final ReplicatedMap cache;

  NodeTable(ReplicatedMap cache) {
    this.cache = cache;
  }

  /** Writes a node's row, replacing any earlier one; returns once replicated. */
  public void put(NodeRecord node) {
    cache.put(node.id().hex(), RecordCodec.encode(node));
  }

  /** Writes a node's row without waiting for replication (for frequent resource refreshes). */
  public CompletionStage<byte[]> putAsync(NodeRecord node) {
    return cache.putAsync(node.id().hex(), RecordCodec.encode(node));
  }

  /** A node's row, if known. */
  public Optional<NodeRecord> get(NodeId id) {
    byte[] b = cache.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeNode(b));
  }

  /** Every row, alive and dead. */
  public List<NodeRecord> all() {
    return RecordCodec.decodeAll(cache.values(), RecordCodec::decodeNode, "node");
  }

  /** Marks a node dead (no-op if unknown). */
  public void markDead(NodeId id) {
    get(id).ifPresent(n -> put(n.dead()));
  }
}
