package io.stingray.gcs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.UncheckedIOException;

/**
 * Any bytes in a GCS row decode to a record or fail with the codec's own exceptions, never with
 * anything else (no out-of-memory, no runaway allocation, no index error). The regression inputs
 * run in every build; {@code JAZZER_FUZZ=1 mvn test -pl gcs-module -Dtest=RecordCodecFuzzTest}
 * fuzzes.
 */
class RecordCodecFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void everyRowDecodesOrIsRefusedCleanly(byte[] row) {
    for (int kind = 0; kind < 4; kind++) {
      try {
        switch (kind) {
          case 0 -> RecordCodec.decodeNode(row);
          case 1 -> RecordCodec.decodeJob(row);
          case 2 -> RecordCodec.decodeActor(row);
          default -> RecordCodec.decodeGroup(row);
        }
      } catch (IllegalStateException | UncheckedIOException refused) {
        // a malformed row, reported as such
      }
    }
  }
}
