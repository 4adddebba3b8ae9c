package io.stingray.ra;

/**
 * This server's Stingray connections, as JMX attributes of {@value ConnectionCounts#NAME}: how many
 * handles applications hold open now, and how many managed connections the container's pools keep.
 * Open handles that only grow are a leak; created managed connections that grow with the requests
 * are a pool that does not pool. Read by any thread.
 */
public interface ConnectionCountsMXBean {
  /** Handles handed to applications and not yet closed (by them or by the container). */
  long getOpenHandles();

  /** Handles handed out since the node started. */
  long getHandlesOpened();

  /** Managed connections that exist now (in a pool, free or in use). */
  long getManagedConnections();

  /** Managed connections created since the node started. */
  long getManagedConnectionsCreated();
}
