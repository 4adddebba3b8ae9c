package io.stingray.gcs;

/**
 * How a node's row written differently on the two sides of a partition is merged once it heals: the
 * one written last by the node itself wins (its heartbeat time), and with the same time the dead
 * one (the other side marked the node dead after its last write). The side Infinispan prefers
 * otherwise kept "dead" for a node that had written itself alive since, and objects it owned read
 * as lost until its next heartbeat write won.
 */
public final class NodeRowMerge extends RowMerge<NodeRecord> {
  @Override
  NodeRecord decode(byte[] row) {
    return RecordCodec.decodeNode(row);
  }

  @Override
  boolean newer(NodeRecord a, NodeRecord b) {
    if (a.heartbeatMillis() != b.heartbeatMillis()) {
      return a.heartbeatMillis() > b.heartbeatMillis();
    }
    return !a.alive() && b.alive();
  }
}
