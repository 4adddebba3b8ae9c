package io.stingray.api;

import java.io.Serializable;
import java.util.Map;

/** What the cluster knows of one node, as of the moment it was read. */
public record NodeInfo(
    NodeId id,
    String address,
    boolean alive,
    Map<String, Double> totalResources,
    Map<String, Double> availableResources,
    Map<String, String> labels)
    implements Serializable {}
