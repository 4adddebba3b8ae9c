package io.stingray.raylet.rpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.stingray.api.JobId;
import io.stingray.api.exception.RayException;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.rpc.proto.Failure;
import io.stingray.raylet.rpc.proto.WorkResult;
import io.stingray.raylet.serialization.ClassFilter;
import io.stingray.raylet.serialization.ObjectSerializer;
import java.util.List;
import java.util.Map;

/**
 * Any bytes as the messages a node answers work with (a {@link WorkResult}, its {@link Failure})
 * decode into ids and an exception of the API's kinds, or are refused as malformed ({@link
 * InvalidProtocolBufferException}, or {@link StatusRuntimeException} INVALID_ARGUMENT for an id of
 * the wrong length): never another exception. A failure's cause is read through the job's class
 * filter. The regression inputs run in every build; {@code mvn -Pfuzz test -pl raylet-module}
 * fuzzes.
 */
class WireFuzzTest {
  static final Job JOB = job();

  private static Job job() {
    Job j = new Job(JobId.of(1, 2), "fuzz", "fuzz", WireFuzzTest.class.getClassLoader());
    j.bind(
        new ObjectSerializer(
            WireFuzzTest.class.getClassLoader(), ClassFilter.of(List.of(), false), Map.of()),
        null,
        null);
    return j;
  }

  @FuzzTest(maxDuration = "10m")
  void everyAnswerDecodesOrIsRefusedAsMalformed(byte[] bytes) {
    WorkResult r;
    try {
      r = WorkResult.parseFrom(bytes);
    } catch (InvalidProtocolBufferException malformed) {
      return;
    }
    try {
      Wire.objectId(r.getStoredId());
    } catch (StatusRuntimeException wrongLength) {
      if (wrongLength.getStatus().getCode() != io.grpc.Status.Code.INVALID_ARGUMENT) {
        throw wrongLength;
      }
    }
    RuntimeException e = Wire.exception(r.getFailure(), JOB);
    if (!(e instanceof RayException)) {
      throw new AssertionError("not an API exception: " + e);
    }
  }
}
