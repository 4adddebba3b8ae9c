package io.stingray.console;

import io.stingray.api.admin.ClusterAdmin;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds this server's Stingray node through the state and admin SPI that its resource adapter binds
 * in JNDI ({@link ClusterAdmin#JNDI_NAME}); the console knows nothing else of the runtime. Looked
 * up on every use (a local JNDI lookup), so that a redeployed adapter is found again. Thread-safe.
 */
public final class AdminLookup {
  private AdminLookup() {}

  /** There is no usable node on this server; the message says why. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String why, Throwable cause) {
      super(why, cause);
    }
  }

  /**
   * The admin SPI of this server's node.
   *
   * @throws Unavailable if no node runs on this server, or its adapter is of another version
   */
  public static ClusterAdmin find() {
    Object found;
    try {
      found = new InitialContext().lookup(ClusterAdmin.JNDI_NAME);
    } catch (NamingException e) {
      throw new Unavailable(
          "no Stingray node runs on this server (the Stingray resource adapter is not deployed,"
              + " or its node is not started): nothing is bound at "
              + ClusterAdmin.JNDI_NAME,
          e);
    }
    if (found instanceof ClusterAdmin admin) {
      return admin;
    }
    throw differentVersions(
        found == null
            ? "null bound at " + ClusterAdmin.JNDI_NAME
            : found.getClass().getName() + " is not this console's " + ClusterAdmin.class.getName(),
        null);
  }

  /** The console and the adapter do not agree on the SPI (a linkage error, a foreign class). */
  public static Unavailable differentVersions(String detail, Throwable cause) {
    return new Unavailable(
        "the console and the Stingray adapter on this server are different versions ("
            + detail
            + "); deploy the console built with the adapter",
        cause);
  }
}
