package io.stingray.api;

/** How the bundles of a placement group are spread over nodes. */
public enum PlacementStrategy {
  /** As few nodes as possible, more if needed. */
  PACK,
  /** As many nodes as possible, fewer if needed. */
  SPREAD,
  /** All bundles on one node, or not placed. */
  STRICT_PACK,
  /** Every bundle on a different node, or not placed. */
  STRICT_SPREAD
}
