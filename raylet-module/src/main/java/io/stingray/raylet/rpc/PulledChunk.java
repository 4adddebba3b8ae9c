package io.stingray.raylet.rpc;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.stingray.raylet.rpc.proto.ObjectChunk;
import io.stingray.raylet.rpc.proto.PullRequest;
import io.stingray.raylet.rpc.proto.RayletPeerGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One message of a {@code PullObject} stream as the puller reads it: the header, or a data chunk
 * read from gRPC's buffers straight into its own array. The generated parser would copy every byte
 * twice more (into a reused parse buffer, then into a {@code ByteString}), and the store wants a
 * plain array after that: a third copy. The wire format is {@code ObjectChunk}'s, unchanged.
 */
record PulledChunk(ObjectChunk.Header header, byte[] data) {
  /** {@code PullObject} with this class reading the answers. */
  static final MethodDescriptor<PullRequest, PulledChunk> METHOD =
      RayletPeerGrpc.getPullObjectMethod().toBuilder(
              RayletPeerGrpc.getPullObjectMethod().getRequestMarshaller(), new Reader())
          .build();

  private static final int DATA_TAG = (ObjectChunk.DATA_FIELD_NUMBER << 3) | 2;

  /** Parses chunks; never writes them (only the holder of an object sends chunks). */
  private static final class Reader implements MethodDescriptor.Marshaller<PulledChunk> {
    @Override
    public InputStream stream(PulledChunk value) {
      throw new UnsupportedOperationException("a puller never sends object chunks");
    }

    @Override
    public PulledChunk parse(InputStream in) {
      try {
        int tag = varint(in);
        if (tag == DATA_TAG) {
          int length = varint(in);
          if (length < 0 || length > PeerServer.MAX_MESSAGE_BYTES) {
            throw malformed("a data chunk of " + length + " bytes");
          }
          byte[] data = in.readNBytes(length);
          if (data.length != length || in.read() >= 0) {
            throw malformed("a data chunk that is not " + length + " bytes");
          }
          return new PulledChunk(null, data);
        }
        // anything else (the header): the generated parser, from the bytes read so far and the rest
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeVarint(all, tag);
        in.transferTo(all);
        ObjectChunk c = ObjectChunk.parseFrom(all.toByteArray());
        return new PulledChunk(c.hasHeader() ? c.getHeader() : null, c.getData().toByteArray());
      } catch (IOException e) {
        throw Status.DATA_LOSS
            .withDescription("cannot read an object chunk: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }

    private static int varint(InputStream in) throws IOException {
      int value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = in.read();
        if (b < 0) {
          throw malformed("a message that ends inside a number");
        }
        value |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw malformed("a number longer than 5 bytes");
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
      while ((value & ~0x7f) != 0) {
        out.write((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      out.write(value);
    }

    private static IOException malformed(String what) {
      return new IOException("malformed object chunk: " + what);
    }
  }
}
