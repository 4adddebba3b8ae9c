package io.stingray.raylet.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stingray.api.ActorId;
import io.stingray.api.ObjectId;
import io.stingray.api.exception.ObjectLostException;
import io.stingray.api.exception.OwnerDiedException;
import io.stingray.api.exception.RayActorException;
import io.stingray.api.exception.RayException;
import io.stingray.api.exception.RayTaskException;
import io.stingray.api.exception.TaskCancelledException;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.rpc.proto.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

/**
 * Conversions between runtime values and the protocol's messages: 16-byte ids and failures.
 * Stateless.
 */
public final class Wire {
  private Wire() {}

  /** An id as 16 big-endian bytes. */
  public static ByteString id(io.stingray.api.BaseId id) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(id.high()).putLong(id.low()).flip());
  }

  /**
   * Reads a 16-byte id.
   *
   * @throws StatusRuntimeException INVALID_ARGUMENT if it is not 16 bytes
   */
  public static <T> T id(ByteString b, BiFunction<Long, Long, T> make, String what) {
    if (b.size() != 16) {
      throw Status.INVALID_ARGUMENT
          .withDescription(what + " must be 16 bytes, got " + b.size())
          .asRuntimeException();
    }
    ByteBuffer bb = b.asReadOnlyByteBuffer();
    return make.apply(bb.getLong(), bb.getLong());
  }

  public static ObjectId objectId(ByteString b) {
    return id(b, ObjectId::of, "an object id");
  }

  public static ActorId actorId(ByteString b) {
    return id(b, ActorId::of, "an actor id");
  }

  /** A failure as a message: its kind, message, and the cause as bytes (if writable) and text. */
  public static Failure failure(RuntimeException e, Job job) {
    Failure.Builder f =
        Failure.newBuilder()
            .setKind(e.getClass().getSimpleName())
            .setMessage(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    StringWriter text = new StringWriter();
    cause.printStackTrace(new PrintWriter(text));
    f.setCauseText(text.toString());
    if (job != null && e.getCause() != null) {
      try {
        f.setCause(ByteString.copyFrom(job.serializer().serialize(cause).bytes().toByteArray()));
      } catch (RuntimeException notWritable) {
        // the text above stands in for it
      }
    }
    return f.build();
  }

  /** The exception a failure message stands for, of the same API kind where there is one. */
  public static RuntimeException exception(Failure f, Job job) {
    Throwable cause = null;
    if (!f.getCause().isEmpty() && job != null) {
      try {
        Object o = job.serializer().deserialize(f.getCause().toByteArray());
        cause = o instanceof Throwable t ? t : null;
      } catch (RuntimeException unreadable) {
        cause = null;
      }
    }
    if (cause == null && !f.getCauseText().isEmpty()) {
      cause = new RemoteError(f.getCauseText());
    }
    String m = f.getMessage();
    return switch (f.getKind()) {
      case "RayTaskException" -> new RayTaskException(m, cause);
      case "TaskCancelledException" -> new TaskCancelledException(m, cause);
      case "RayActorException" -> new RayActorException(m, cause);
      case "PendingCallsLimitExceededException" ->
          new io.stingray.api.exception.PendingCallsLimitExceededException(m, cause);
      case "ObjectLostException" -> new ObjectLostException(m, cause);
      case "OwnerDiedException" -> new OwnerDiedException(m, cause);
      case "UnschedulableException" -> new UnschedulableException(m, cause);
      default -> new RayException(m, cause);
    };
  }

  /** The stack of an exception that could not be read back on this node, as its text. */
  public static final class RemoteError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteError(String text) {
      super(text.lines().findFirst().orElse("remote error") + " (on another node)");
      setStackTrace(new StackTraceElement[0]);
    }
  }
}
