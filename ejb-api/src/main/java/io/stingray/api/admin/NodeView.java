package io.stingray.api.admin;

import java.util.Map;
import java.util.Set;

/**
 * A node of the cluster. The object store and work figures are asked of the node itself; they are
 * null for a dead node or one that did not answer.
 *
 * @param running work running on the node now (tasks and actor calls, whoever owns them)
 * @param queued work waiting there for resources
 */
public record NodeView(
    String id,
    String name,
    String address,
    String state,
    Map<String, Double> totalResources,
    Map<String, Double> availableResources,
    Set<String> jobs,
    long heartbeatMillis,
    Long objectStoreUsedBytes,
    Long objectStoreCapacityBytes,
    Long objectStoreSpilledBytes,
    Integer running,
    Integer queued) {}
