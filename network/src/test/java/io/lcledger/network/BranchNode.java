package io.lcledger.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One branch's node in Fabric mode, as a bank runs it: the packaged node jar in its own process,
 * with its own data directory, its own bearer token and its branch's own identity, talking to its
 * branch's own peer. Driven over HTTP only.
 */
final class BranchNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String branch;
  final String token;
  final String base;
  private final Process process;
  private final List<String> command;
  final Path log;

  private BranchNode(
      String branch, String token, String base, Process process, List<String> command, Path log) {
    this.branch = branch;
    this.token = token;
    this.base = base;
    this.process = process;
    this.command = command;
    this.log = log;
  }

  /** A node already running (started by {@code lcnet up --nodes}), reached with {@code token}. */
  static BranchNode attach(String branch, String base, String token) {
    return new BranchNode(branch, token, base, null, List.of(), null);
  }

  /** Starts {@code branch}'s node against its own peer and waits until it answers. */
  static BranchNode start(LcNetwork net, String branch, Path dir) throws Exception {
    return start(net, branch, dir, "it-" + branch + "-" + UUID.randomUUID());
  }

  /**
   * Starts a node of {@code branch} answering {@code token}, with {@code settings} besides (its
   * database, say), and waits until it answers.
   */
  static BranchNode start(LcNetwork net, String branch, Path dir, String token, String... settings)
      throws Exception {
    String up = branch.toUpperCase(Locale.ROOT);
    Path msp = Path.of(net.env("LCNET_" + up + "_USER_MSP"));
    List<String> ledger =
        List.of(
            "--lc.mode=fabric",
            "--lc.fabric.peer-endpoint=" + net.env("LCNET_" + up + "_PEER"),
            "--lc.fabric.peer-tls-ca=" + net.env("LCNET_" + up + "_PEER_TLS_CA"),
            "--lc.fabric.channel=" + LcNetwork.CHANNEL,
            "--lc.fabric.chaincode=" + LcNetwork.CHAINCODE,
            "--lc.fabric.identities." + branch + ".msp-id=" + net.env("LCNET_" + up + "_MSP"),
            "--lc.fabric.identities." + branch + ".certificate=" + msp.resolve("signcerts"),
            "--lc.fabric.identities." + branch + ".private-key=" + msp.resolve("keystore"));
    return launch(branch, dir, freePort(), token, "-Xmx384m", ledger, settings);
  }

  /**
   * Starts {@code branch}'s node in EVM mode against its own chain node, as {@code evmnet} wrote it
   * in {@code env}, signing with the branch's own keystore, on its port of {@code ports}, where it
   * finds the other branches' nodes too (for documents); waits until it answers.
   */
  static BranchNode startEvm(
      Map<String, String> env,
      String branch,
      Path dir,
      Map<String, Integer> ports,
      String... settings)
      throws Exception {
    String up = branch.toUpperCase(Locale.ROOT);
    List<String> ledger = new ArrayList<>();
    ports.forEach(
        (other, port) ->
            ledger.add("--lc.peers.members." + other + ".url=http://127.0.0.1:" + port));
    ledger.addAll(
        List.of(
            "--lc.mode=evm",
            "--lc.evm.rpc-url=" + env.get("EVMNET_" + up + "_RPC"),
            "--lc.evm.contract=" + env.get("EVMNET_CONTRACT"),
            "--lc.evm.accounts." + branch + ".keystore=" + env.get("EVMNET_" + up + "_KEYSTORE"),
            "--lc.evm.accounts."
                + branch
                + ".password-file="
                + env.get("EVMNET_" + up + "_PASSWORD_FILE")));
    // a geth keystore is scrypt with 256 MiB of memory: opened once, at start
    return launch(
        branch,
        dir,
        ports.get(branch),
        "it-" + branch + "-" + UUID.randomUUID(),
        "-Xmx768m",
        ledger,
        settings);
  }

  private static BranchNode launch(
      String branch,
      Path dir,
      int port,
      String token,
      String heap,
      List<String> ledger,
      String... settings)
      throws Exception {
    Path jar = Path.of(System.getProperty("lc.node.jar", "../node/target/lc-node.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no node jar at " + jar.toAbsolutePath());
    }
    Files.createDirectories(dir);
    Path log = dir.resolve("node.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(heap);
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.add("--server.port=" + port);
    cmd.add("--lc.data-dir=" + dir.resolve("data"));
    cmd.add("--lc.branches[0]=" + branch);
    cmd.add("--lc.tokens." + token + ".branch=" + branch);
    cmd.addAll(ledger);
    cmd.addAll(List.of(settings));
    return run(branch, token, "http://127.0.0.1:" + port, List.copyOf(cmd), log);
  }

  /** Runs the node's process and waits until it answers. */
  private static BranchNode run(
      String branch, String token, String base, List<String> cmd, Path log) throws Exception {
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BranchNode node = new BranchNode(branch, token, base, process, cmd, log);
    LcNetwork.await(
        branch + "'s node to answer (see " + log + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(branch + "'s node exited; see " + log);
          }
          return node.statusOf("/actuator/health") == 200;
        });
    return node;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** An answer: its status and its JSON body. */
  record Reply(int status, JsonNode body) {}

  Reply get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  /** A GET answered as text (metrics). */
  String text(String path) throws Exception {
    return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** A GET with another node's token, to see it refused. */
  Reply getWithToken(String path, String otherToken) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + otherToken)
            .GET()
            .build());
  }

  Reply post(String path, String json) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  /** A file as a node serves it: its status, bytes and headers. */
  record Download(int status, byte[] bytes, java.net.http.HttpHeaders headers) {
    JsonNode problem() throws IOException {
      return JSON.readTree(bytes);
    }
  }

  Download download(String documentId) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            request("/api/v1/documents/" + documentId).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Download(r.statusCode(), r.body(), r.headers());
  }

  /** A GET without any credential, as a stranger would send it. */
  int anonymousStatus(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A POST under an {@code Idempotency-Key}. */
  Reply post(String path, String json, String idempotencyKey) throws Exception {
    return send(keyed(path, json, idempotencyKey));
  }

  /** The same POST, sent without waiting for its answer (a node may die before it answers). */
  java.util.concurrent.CompletableFuture<HttpResponse<String>> postInFlight(
      String path, String json, String idempotencyKey) {
    return HTTP.sendAsync(keyed(path, json, idempotencyKey), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest keyed(String path, String json, String idempotencyKey) {
    return request(path)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  /** Uploads an invoice and presents it against {@code lc} for {@code amount}, shipped today. */
  Reply present(String lc, String amount) throws Exception {
    return post("/api/v1/lcs/" + lc + "/presentations", presentation(amount, upload("INVOICE")));
  }

  /** A presentation's body: {@code amount} against one uploaded document, shipped today. */
  static String presentation(String amount, String documentId) {
    return "{\"amount\":\""
        + amount
        + "\",\"shipmentDate\":\""
        + Requests.today()
        + "\",\"documentIds\":[\""
        + documentId
        + "\"]}";
  }

  /** Uploads a small PDF as a document of {@code type}; answers its id. */
  String upload(String type) throws Exception {
    String boundary = "lc" + UUID.randomUUID();
    byte[] pdf =
        ("%PDF-1.4\n1 0 obj<<>>endobj\n% " + UUID.randomUUID() + "\ntrailer<<>>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n"
            + type
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"invoice.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    byte[] body =
        concat(
            head.getBytes(StandardCharsets.US_ASCII),
            pdf,
            tail.getBytes(StandardCharsets.US_ASCII));
    Reply r =
        send(
            request("/api/v1/documents")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    if (r.status() != 201) {
      throw new AssertionError("upload answered " + r);
    }
    return r.body().path("documentId").asText();
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** The notifications stream of this node's branch, read on its own thread. */
  EventStream events() throws Exception {
    return events(null);
  }

  /** The stream resumed after notification {@code lastSeen} (its sequence), as SSE clients do. */
  EventStream events(Long lastSeen) throws Exception {
    HttpRequest.Builder r = request("/api/v1/events").header("Accept", "text/event-stream");
    if (lastSeen != null) {
      r.header("Last-Event-ID", Long.toString(lastSeen));
    }
    HttpResponse<java.util.stream.Stream<String>> response =
        HTTP.send(r.GET().build(), HttpResponse.BodyHandlers.ofLines());
    return new EventStream(response);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  private int statusOf(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), body);
  }

  /** SIGKILLs the node, as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Starts the node again, as it was (its port, data and token), once it has stopped. */
  BranchNode restarted() throws Exception {
    if (process.isAlive()) {
      throw new IllegalStateException(this + " still runs");
    }
    return run(branch, token, base, command, log);
  }

  @Override
  public void close() {
    if (process == null) {
      return; // not ours to stop
    }
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The data lines of an SSE stream, as they arrive. */
  static final class EventStream implements AutoCloseable {
    final java.util.concurrent.BlockingQueue<JsonNode> received =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final HttpResponse<java.util.stream.Stream<String>> response;
    private final Thread reader;

    EventStream(HttpResponse<java.util.stream.Stream<String>> response) {
      this.response = response;
      this.reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try {
        response
            .body()
            .filter(line -> line.startsWith("data:"))
            .forEach(
                line -> {
                  try {
                    received.add(JSON.readTree(line.substring(5).strip()));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
      } catch (java.io.UncheckedIOException closed) {
        // the stream was closed: the test is done with it
      }
    }

    /** The first notification matching {@code test} within {@code timeout}, or an assertion. */
    JsonNode await(Duration timeout, java.util.function.Predicate<JsonNode> test)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode n = received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (n != null && test.test(n)) {
          return n;
        }
      }
      throw new AssertionError("no matching notification within " + timeout);
    }

    @Override
    public void close() {
      response.body().close();
      reader.interrupt();
    }
  }

  @Override
  public String toString() {
    return branch + " node at " + base;
  }
}
