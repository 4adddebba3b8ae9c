package io.stingray.api.admin;

import java.util.List;
import java.util.Map;

/**
 * A placement group created on this server's node.
 *
 * @param state PENDING or CREATED
 * @param bundleNodes bundle index → node id, once created
 */
public record PlacementGroupView(
    String id,
    String name,
    String strategy,
    String state,
    List<Map<String, Double>> bundles,
    Map<Integer, String> bundleNodes) {}
