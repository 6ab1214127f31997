package dev.slaflow.infra;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's time-skipping test server, bound to loopback only.
 *
 * <p>{@code io.temporal.testserver.TestServer} listens on every interface; this launcher builds the
 * same services the same way (same arguments: {@code <port> [--enable-time-skipping]}) but binds
 * 127.0.0.1, because servers of this project listen on loopback only.
 */
public final class LoopbackTestServer {
  private LoopbackTestServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: LoopbackTestServer <port> [--enable-time-skipping]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean enableTimeSkipping = args.length > 1 && "--enable-time-skipping".equalsIgnoreCase(args[1]);
    // As in TestServer.main: time skipping starts locked unless asked for; clients unlock it.
    TestServicesStarter services = new TestServicesStarter(!enableTimeSkipping, 0);
    // The TypeScript client pings every 30 s, with or without calls in flight; gRPC Java's default
    // policy (one ping per 5 minutes, none while idle) answers the third with GOAWAY, which cuts
    // off whatever call is under way on that connection. Allow what the client sends, as the Go
    // Temporal server does.
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  services.close();
                }));
    server.awaitTermination();
  }
}
