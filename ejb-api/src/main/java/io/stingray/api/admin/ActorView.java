package io.stingray.api.admin;

/**
 * An actor, alive or dead.
 *
 * @param pendingCalls calls queued or running on it, or null if no alive node that answered hosts
 *     it
 */
public record ActorView(
    String id,
    String className,
    String name,
    String namespace,
    String state,
    String node,
    String job,
    int restarts,
    boolean detached,
    String deathCause,
    Integer pendingCalls) {}
