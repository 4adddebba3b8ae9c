package io.stingray.gcs;

import io.stingray.api.JobId;
import java.util.List;
import java.util.Optional;

/** The job table: drivers and deployed applications. Thread-safe. */
public final class JobTable {
  private final ReplicatedMap cache;

  JobTable(ReplicatedMap cache) {
    this.cache = cache;
  }

  /** Writes a job's row; returns once replicated. */
  public void put(JobRecord job) {
    cache.put(job.id().hex(), RecordCodec.encode(job));
  }

  /** A job's row, if known. */
  public Optional<JobRecord> get(JobId id) {
    byte[] b = cache.get(id.hex());
    return b == null ? Optional.empty() : Optional.of(RecordCodec.decodeJob(b));
  }

  /** Every job, running and ended. */
  public List<JobRecord> all() {
    return RecordCodec.decodeAll(cache.values(), RecordCodec::decodeJob, "job");
  }

  /** Marks a job ended now (no-op if unknown). */
  public void end(JobId id) {
    get(id).ifPresent(j -> put(j.ended(System.currentTimeMillis())));
  }
}
