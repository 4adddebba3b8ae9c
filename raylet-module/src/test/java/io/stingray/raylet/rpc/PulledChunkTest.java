package io.stingray.raylet.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stingray.raylet.rpc.proto.ObjectChunk;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The puller's own reading of ObjectChunk messages agrees with protobuf and refuses bad bytes. */
class PulledChunkTest {
  static PulledChunk parse(byte[] wire) {
    return PulledChunk.METHOD.parseResponse(new ByteArrayInputStream(wire));
  }

  @Test
  void readsDataChunksAndHeadersAsProtobufWroteThem() {
    byte[] data = new byte[300_000];
    new java.util.Random(3).nextBytes(data);
    PulledChunk c =
        parse(ObjectChunk.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray());
    assertThat(c.header()).isNull();
    assertThat(c.data()).isEqualTo(data);

    PulledChunk h =
        parse(
            ObjectChunk.newBuilder()
                .setHeader(ObjectChunk.Header.newBuilder().setSize(12345))
                .build()
                .toByteArray());
    assertThat(h.header().getSize()).isEqualTo(12345);
    assertThat(
            parse(ObjectChunk.newBuilder().setData(ByteString.EMPTY).build().toByteArray()).data())
        .isEmpty();
  }

  @Test
  void aTruncatedOrOversizedChunkIsDataLoss() {
    byte[] whole =
        ObjectChunk.newBuilder().setData(ByteString.copyFrom(new byte[1000])).build().toByteArray();
    assertThatThrownBy(() -> parse(Arrays.copyOf(whole, 500)))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.DATA_LOSS))
        .hasMessageContaining("malformed object chunk");
    byte[] huge = {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    assertThatThrownBy(() -> parse(huge)).hasMessageContaining("bytes");
  }
}
