package io.stingray.api.admin;

/**
 * A recent task of the cluster.
 *
 * @param state PENDING_ARGS, QUEUED, RUNNING, FINISHED or FAILED
 * @param node where it runs or ran
 * @param owner the node it was submitted on (which owns its result and remembers it)
 */
public record TaskView(
    String id,
    String function,
    String state,
    String node,
    String owner,
    long submittedMillis,
    long startedMillis,
    long endedMillis,
    String error) {}
