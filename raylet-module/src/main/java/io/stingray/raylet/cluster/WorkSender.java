package io.stingray.raylet.cluster;

import com.google.protobuf.ByteString;
import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.ObjectRef;
import io.stingray.api.RayFunction;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.object.ObjectValue;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.rpc.PeerClient;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.rpc.Wire;
import io.stingray.raylet.rpc.proto.Arg;
import io.stingray.raylet.rpc.proto.Work;
import io.stingray.raylet.rpc.proto.WorkResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The sending side of remote work: writes a task or actor call as a {@link Work} message, sends it
 * on the node's ordered stream and turns the answer into an {@link Outcome} for the owner (pulling
 * a large result here first). Thread-safe.
 */
public final class WorkSender {
  private final NodeId self;
  private final Executor executor;
  private final java.util.concurrent.atomic.AtomicLong spillbacks =
      new java.util.concurrent.atomic.AtomicLong();
  private final Peers peers;
  private final ObjectFetcher fetcher;
  // the bytes of a stateless lambda class, kept with the class itself (a ClassValue): a map keyed
  // by the class would keep an ended application's class loader, and all its classes, forever
  private final ClassValue<java.util.concurrent.atomic.AtomicReference<ByteString>> stateless =
      new ClassValue<>() {
        @Override
        protected java.util.concurrent.atomic.AtomicReference<ByteString> computeValue(
            Class<?> type) {
          return new java.util.concurrent.atomic.AtomicReference<>();
        }
      };

  /**
   * Asks the node running a task this node owns to cancel it there (interrupting it if {@code
   * force}). Does not wait; a failure is only logged (the task's ref has failed here already).
   */
  public void cancelThere(NodeId node, String taskId, boolean force) {
    executor.execute(
        () -> {
          try {
            peers.to(node).cancelTask(taskId, force);
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WorkSender.class)
                .info("cannot cancel task {} on node {}: {}", taskId, node.hex(), e.toString());
          }
        });
  }

  /** Work other nodes sent back (they could not or would not run it) since this node started. */
  public long spillbacks() {
    return spillbacks.get();
  }

  public WorkSender(NodeId self, Peers peers, ObjectFetcher fetcher, Executor executor) {
    this.executor = executor;
    this.self = self;
    this.peers = peers;
    this.fetcher = fetcher;
  }

  /** What became of work sent to another node. */
  public sealed interface Outcome {
    /** It ran (or failed): the value to store as its result here. */
    record Done(ObjectValue value) implements Outcome {}

    /** The node went away before answering. */
    record Lost(String why) implements Outcome {}

    /** The node cannot run it: place it elsewhere. */
    record Spillback(String why) implements Outcome {}
  }

  /** The parts of a task a remote node needs. */
  public record TaskWork(
      Job job,
      RayFunction function,
      Object[] args,
      Map<String, Double> resources,
      String name,
      boolean returnsVoid,
      int maxRetries,
      boolean retryExceptions,
      ObjectId returnId,
      String taskId) {}

  /**
   * An actor this node created, for another node to host (its arguments prepared here).
   *
   * @param namespace the actor's namespace (its name is unique in it)
   * @param restarts how often it restarted before
   */
  public record ActorWork(
      Job job,
      io.stingray.api.ActorId id,
      RayFunction constructor,
      Object[] args,
      Map<String, Double> resources,
      String name,
      String namespace,
      int maxRestarts,
      int maxTaskRetries,
      int maxConcurrency,
      int maxPendingCalls,
      boolean detached,
      int restarts) {}

  /**
   * Asks {@code node} to host an actor; blocks until it answers.
   *
   * @return null once the node hosts it, else why it did not (it refused, or cannot be reached)
   */
  public String createActor(NodeId node, ActorWork a) {
    io.stingray.raylet.rpc.proto.CreateActorRequest.Builder b =
        io.stingray.raylet.rpc.proto.CreateActorRequest.newBuilder()
            .setJob(a.job().name())
            .setNamespace(a.job().namespace())
            .setActorId(Wire.id(a.id()))
            .setFunction(function(a.job(), a.constructor()))
            .putAllResources(a.resources())
            .setName(a.name() == null ? "" : a.name())
            .setActorNamespace(a.namespace())
            .setMaxRestarts(a.maxRestarts())
            .setMaxTaskRetries(a.maxTaskRetries())
            .setMaxConcurrency(a.maxConcurrency())
            .setMaxPendingCalls(a.maxPendingCalls())
            .setDetached(a.detached())
            .setRestarts(a.restarts());
    for (Object arg : a.args()) {
      b.addArgs(arg(a.job(), arg));
    }
    try {
      peers.to(node).createActor(b.build());
      return null;
    } catch (io.grpc.StatusRuntimeException | IllegalStateException e) {
      return e.getMessage();
    }
  }

  /** Sends a task; {@code then} hears the outcome once, on a gRPC thread. */
  public void sendTask(NodeId node, TaskWork t, Consumer<Outcome> then) {
    Work.Builder w =
        base(t.job(), t.function(), t.args(), 0)
            .putAllResources(t.resources())
            .setName(t.name() == null ? "" : t.name())
            .setReturnsVoid(t.returnsVoid())
            .setMaxRetries(t.maxRetries())
            .setRetryExceptions(t.retryExceptions())
            .setTaskId(t.taskId());
    send(node, w, t.job(), t.returnId(), then);
  }

  /**
   * Sends an actor call to the node hosting the actor; {@code args[0]} (the actor itself) is not
   * sent.
   */
  public void sendActorCall(
      NodeId node,
      Job job,
      ActorId actor,
      RayFunction method,
      Object[] args,
      boolean returnsVoid,
      ObjectId returnId,
      Consumer<Outcome> then) {
    Work.Builder w =
        base(job, method, args, 1).setActorId(Wire.id(actor)).setReturnsVoid(returnsVoid);
    send(node, w, job, returnId, then);
  }

  private Work.Builder base(Job job, RayFunction f, Object[] args, int from) {
    Work.Builder w =
        Work.newBuilder()
            .setJob(job.name())
            .setNamespace(job.namespace())
            .setFunction(function(job, f))
            .setSender(Wire.id(self));
    for (int i = from; i < args.length; i++) {
      w.addArgs(arg(job, args[i]));
    }
    return w;
  }

  /** A function's bytes; those of a lambda class without state are written once. */
  public ByteString function(Job job, RayFunction f) {
    Class<?> c = f.getClass();
    ByteString cached = stateless.get(c).get();
    if (cached != null) {
      return cached;
    }
    ByteString b = ByteString.copyFrom(job.serializer().serializeFunction(f).toByteArray());
    if (hasNoState(c) && c.getClassLoader() == job.classLoader()) {
      stateless.get(c).set(b);
    }
    return b;
  }

  public static boolean hasNoState(Class<?> c) {
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** One prepared argument as a message: a ref by id, a value by its bytes. */
  public static Arg arg(Job job, Object prepared) {
    if (prepared instanceof ObjectRef<?> ref) {
      return Arg.newBuilder().setRef(Wire.id(ref.id())).build();
    }
    byte[] bytes =
        prepared instanceof ValueCodec.SerializedArg s
            ? s.bytes()
            : job.serializer().serialize(prepared).bytes().toByteArray();
    return Arg.newBuilder().setValue(ByteString.copyFrom(bytes)).build();
  }

  private void send(
      NodeId node, Work.Builder w, Job job, ObjectId returnId, Consumer<Outcome> then) {
    PeerClient client;
    try {
      client = peers.to(node);
    } catch (IllegalStateException e) {
      then.accept(new Outcome.Lost(e.getMessage()));
      return;
    }
    boolean rerunnable = w.getActorId().isEmpty(); // a task, not an actor call
    client.send(
        w,
        new PeerClient.WorkCallback() {
          @Override
          public void done(WorkResult r) {
            answer(node, r, job, returnId, rerunnable, then);
          }

          @Override
          public void lost(String why) {
            then.accept(new Outcome.Lost(why));
          }
        });
  }

  /**
   * Turns a node's answer into an outcome. A task whose result was lost before it arrived here is
   * run again ({@code rerunnable}); an actor call is not (it changed its actor's state).
   */
  private void answer(
      NodeId node,
      WorkResult r,
      Job job,
      ObjectId returnId,
      boolean rerunnable,
      Consumer<Outcome> then) {
    if (r.hasStoredId() && r.getHoldsRefs()) {
      fetcher.keptAt(returnId, node, Wire.objectId(r.getStoredId()));
    }
    switch (r.getOutcomeCase()) {
      case VALUE ->
          then.accept(new Outcome.Done(new ObjectValue.Inline(r.getValue().toByteArray())));
      case STORED_SIZE ->
          fetcher
              .pull(node, Wire.objectId(r.getStoredId()), returnId)
              .thenAccept(
                  v -> {
                    if (rerunnable
                        && v instanceof ObjectValue.Failed f
                        && (f.error() instanceof io.stingray.api.exception.OwnerDiedException
                            || f.error()
                                instanceof io.stingray.api.exception.ObjectLostException)) {
                      // the only copy of the result was lost with (or on) the node that made it:
                      // rebuild it by running the work again (lineage), as a lost node's work is
                      then.accept(
                          new Outcome.Lost(
                              "its result was lost before it reached this node: "
                                  + f.error().getMessage()));
                      return;
                    }
                    if (!r.getHoldsRefs()) {
                      fetcher.freeAt(node, Wire.objectId(r.getStoredId())); // no second copy
                    }
                    then.accept(new Outcome.Done(v));
                  });
      case FAILURE ->
          then.accept(
              new Outcome.Done(new ObjectValue.Failed(Wire.exception(r.getFailure(), job))));
      case SPILLBACK -> {
        spillbacks.incrementAndGet();
        then.accept(new Outcome.Spillback(r.getSpillback()));
      }
      default ->
          then.accept(
              new Outcome.Done(
                  new ObjectValue.Failed(
                      new io.stingray.api.exception.RayException(
                          "node " + node.hex() + " answered without an outcome"))));
    }
  }
}
