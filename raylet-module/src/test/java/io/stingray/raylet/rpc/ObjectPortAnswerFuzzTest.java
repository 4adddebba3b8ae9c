package io.stingray.raylet.rpc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Whatever a holder's object port answers, and whatever size its (authenticated) pull header
 * announced, the puller reads exactly that many bytes or fails with {@link IOException} naming why:
 * never another exception (which would leave the pull unanswered) and never an allocation beyond
 * the bytes that came. The regression inputs run in every build; {@code mvn -Pfuzz test -pl
 * raylet-module} fuzzes.
 */
class ObjectPortAnswerFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void everyAnswerIsReadWholeOrRefusedWithAReason(FuzzedDataProvider data) {
    long size = data.consumeBoolean() ? data.consumeLong() : data.consumeLong(-1, 3 << 20);
    byte[] answer = data.consumeRemainingAsBytes();
    try {
      List<byte[]> chunks = BulkClient.answer(new ByteArrayInputStream(answer), size, new CRC32C());
      long got = 0;
      for (byte[] c : chunks) {
        got += c.length;
      }
      if (got != Math.max(size, 0) || got > answer.length) {
        throw new AssertionError(got + " bytes read for a size of " + size);
      }
    } catch (IOException refused) {
      // a refusal, another status, or bytes that stopped short: said so
    }
  }
}
