package io.lcledger.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged node ({@code target/lc-node.jar}) run as a process of its own, as an operator runs
 * it: for tests that kill it and for benchmarks that time its start.
 */
public final class PackagedNode {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PackagedNode() {}

  /** The jar, from the module's directory or from the repository's. */
  public static Path jar() {
    Path inModule = Path.of("target", "lc-node.jar");
    Path jar = Files.exists(inModule) ? inModule : Path.of("node", "target", "lc-node.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("package the node first: no " + jar.toAbsolutePath());
    }
    return jar.toAbsolutePath();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the node on {@code port} over {@code dataDir} (its output appended to {@code
   * dataDir/node.log}) and returns once its health answers 200.
   *
   * @param jvmOptions placed before {@code -jar}, such as {@code -Xmx384m}
   * @param settings placed after it, such as {@code --lc.webhooks.allow-loopback=true}
   */
  public static Process start(
      Path dataDir, int port, Duration patience, List<String> jvmOptions, String... settings)
      throws Exception {
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("node.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "--server.port=" + port,
            "--lc.data-dir=" + dataDir,
            "--spring.main.banner-mode=off"));
    command.addAll(List.of(settings));
    Process node =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return node;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!node.isAlive()) {
        throw new IllegalStateException("the node exited; see " + log);
      }
      Thread.sleep(20);
    }
    node.destroyForcibly();
    throw new IllegalStateException("the node did not start within " + patience + "; see " + log);
  }
}
