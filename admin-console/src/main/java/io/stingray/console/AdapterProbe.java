package io.stingray.console;

import io.stingray.api.admin.ClusterAdmin;

/**
 * Asks this server's node, through the admin SPI, whether it is ready and live; the console deploys
 * (and reports DOWN, saying why) even when the adapter is missing or failed — the case Payara Micro
 * itself does not report.
 */
final class AdapterProbe {
  private AdapterProbe() {}

  /** The node's health, or why there is none (never throws). */
  static ClusterAdmin.Health ask() {
    try {
      return AdminLookup.find().health();
    } catch (AdminLookup.Unavailable e) {
      return new ClusterAdmin.Health(false, false, e.getMessage());
    } catch (LinkageError e) {
      String why = AdminLookup.differentVersions(e.toString(), e).getMessage();
      return new ClusterAdmin.Health(false, false, why);
    } catch (RuntimeException e) {
      return new ClusterAdmin.Health(false, false, "cannot ask the Stingray node: " + e);
    }
  }
}
