package io.stingray.raylet.rpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The network threads of a node's connections to the others, named {@code stingray-peer-io-*},
 * started when the node starts and stopped when it stops. gRPC's shared threads would start lazily,
 * inside whichever call first opened a channel: often an application's task, whose security context
 * (the protection domains of its classes, and so its class loader) a new thread inherits and keeps
 * for life, so an undeployed application's loader could never be collected. Thread-safe.
 */
final class PeerIo implements AutoCloseable {
  private static final int THREADS = 2;

  private final EventLoopGroup group =
      new NioEventLoopGroup(THREADS, new DefaultThreadFactory("stingray-peer-io", true));

  // the channels' blocking work (resolving a node's host name), one thread, never refusing
  private final java.util.concurrent.ThreadPoolExecutor offload =
      new java.util.concurrent.ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new java.util.concurrent.LinkedBlockingQueue<>(),
          new DefaultThreadFactory("stingray-peer-resolver", true));

  PeerIo() {
    // every thread now, from the node's start: none is made later inside a caller's context
    for (io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor e : group) {
      e.submit(() -> {}).syncUninterruptibly();
    }
    offload.prestartAllCoreThreads();
  }

  /** Makes a channel use these threads. */
  void use(NettyChannelBuilder builder) {
    builder.eventLoopGroup(group).channelType(NioSocketChannel.class).offloadExecutor(offload);
  }

  /**
   * Builds a channel on one of these threads: what gRPC records of the stack that built it (and the
   * threads it makes then) holds no caller's classes. On one of these threads already, builds it
   * here.
   */
  <T> T build(java.util.function.Supplier<T> channel) {
    for (io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor e : group) {
      if (e.inEventLoop()) {
        return channel.get();
      }
    }
    return group.next().submit(channel::get).syncUninterruptibly().getNow();
  }

  @Override
  public void close() {
    offload.shutdownNow();
    stop(group);
  }

  /** Stops a group's threads and waits (at most 5 s) until they ended. */
  static void stop(EventLoopGroup g) {
    g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
