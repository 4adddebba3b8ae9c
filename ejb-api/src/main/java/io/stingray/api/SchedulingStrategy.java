package io.stingray.api;

/** Where a task or actor may be placed. Immutable. */
public sealed interface SchedulingStrategy
    permits SchedulingStrategy.Default, SchedulingStrategy.Spread, SchedulingStrategy.NodeAffinity {

  /** Ray's hybrid policy: local while local use is low, then the least-loaded feasible node. */
  static SchedulingStrategy defaultStrategy() {
    return Default.INSTANCE;
  }

  /** Spread over the feasible nodes. */
  static SchedulingStrategy spread() {
    return Spread.INSTANCE;
  }

  /**
   * On one node; with {@code soft}, elsewhere if that node is dead or cannot run it.
   *
   * @throws NullPointerException if node is null
   */
  static SchedulingStrategy nodeAffinity(NodeId node, boolean soft) {
    return new NodeAffinity(node, soft);
  }

  /** See {@link #defaultStrategy()}. */
  enum Default implements SchedulingStrategy {
    INSTANCE
  }

  /** See {@link #spread()}. */
  enum Spread implements SchedulingStrategy {
    INSTANCE
  }

  /** See {@link #nodeAffinity(NodeId, boolean)}. */
  record NodeAffinity(NodeId node, boolean soft) implements SchedulingStrategy {
    public NodeAffinity {
      java.util.Objects.requireNonNull(node, "node");
    }
  }
}
