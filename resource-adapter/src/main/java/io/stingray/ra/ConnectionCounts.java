package io.stingray.ra;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Counts this server's connection handles and managed connections for {@link
 * ConnectionCountsMXBean}, registered in the platform MBean server while the node runs.
 * Thread-safe.
 */
final class ConnectionCounts implements ConnectionCountsMXBean {
  /** The JMX name of the counts. */
  static final String NAME = "io.stingray:type=Connections";

  private static final Logger LOG = Logger.getLogger(ConnectionCounts.class.getName());
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong managed = new AtomicLong();
  private final AtomicLong created = new AtomicLong();

  void handleOpened() {
    opened.incrementAndGet();
    open.incrementAndGet();
  }

  void handleClosed() {
    open.decrementAndGet();
  }

  void managedCreated() {
    created.incrementAndGet();
    managed.incrementAndGet();
  }

  void managedDestroyed() {
    managed.decrementAndGet();
  }

  @Override
  public long getOpenHandles() {
    return open.get();
  }

  @Override
  public long getHandlesOpened() {
    return opened.get();
  }

  @Override
  public long getManagedConnections() {
    return managed.get();
  }

  @Override
  public long getManagedConnectionsCreated() {
    return created.get();
  }

  /** Registers these counts under {@link #NAME}; a server that refuses only loses the figures. */
  void register() {
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(NAME));
    } catch (JMException | RuntimeException e) {
      LOG.warning("Stingray adapter cannot register its connection counts as " + NAME + ": " + e);
    }
  }

  void unregister() {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(NAME));
    } catch (JMException | RuntimeException e) {
      // not registered
    }
  }
}
