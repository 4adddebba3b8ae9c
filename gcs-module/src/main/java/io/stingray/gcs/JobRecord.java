package io.stingray.gcs;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;

/**
 * One row of the job table: a driver or a deployed application.
 *
 * @param endMillis 0 while the job runs
 */
public record JobRecord(
    JobId id, String name, String namespace, NodeId driverNode, long startMillis, long endMillis) {

  /** Whether the job is still running. */
  public boolean running() {
    return endMillis == 0;
  }

  /** This job, ended now. */
  public JobRecord ended(long nowMillis) {
    return new JobRecord(id, name, namespace, driverNode, startMillis, nowMillis);
  }
}
