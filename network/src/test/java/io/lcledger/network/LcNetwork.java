package io.lcledger.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real Fabric network of the integration tests, driven through {@code network/lcnet}: one per
 * test JVM, in its own directory under {@code target/} and on its own ports, purged and brought up
 * on first use and stopped when the JVM exits. Faults (kill, stop, pause) are lcnet commands, so
 * the tests exercise the same operations an operator has.
 */
final class LcNetwork {
  static final String CHANNEL = "lcchannel";
  static final String CHAINCODE = "lc";
  static final List<String> BRANCHES = List.of("shanghai", "yangzhou", "forfaiter");

  private static LcNetwork shared;

  private final Path command;
  private final Path home;
  private final String portBase;
  private final Path cliLog;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, Bank> banks = new ConcurrentHashMap<>();
  private final String nodePort;
  private Map<String, String> nodes;

  private LcNetwork(Path command, Path home, String portBase, String nodePort) {
    this.command = command;
    this.home = home;
    this.portBase = portBase;
    this.nodePort = nodePort;
    this.cliLog = home.resolveSibling(home.getFileName() + "-commands.log");
  }

  /** The directory lcnet keeps the network's data in. */
  Path home() {
    return home;
  }

  /**
   * The network, brought up from nothing on the first call of the JVM; its orderers are Raft unless
   * {@code lcnet.orderer} says bft.
   */
  static synchronized LcNetwork shared() {
    if (shared == null) {
      LcNetwork network =
          new LcNetwork(
              command(),
              Path.of(System.getProperty("lcnet.home", "target/lcnet")).toAbsolutePath(),
              System.getProperty("lcnet.port-base", "27000"),
              System.getProperty("lcnet.node-port", "28081"));
      network.bringUp(System.getProperty("lcnet.orderer", "raft"));
      shared = network;
    }
    return shared;
  }

  /**
   * A SmartBFT network of its own (4 orderers), beside the shared one: its own directory (the
   * shared one's with -bft) and ports ({@code lcnet.bft-port-base}, 23000; its first node on
   * 22081), so both can run at once. Every port stays below Linux's ephemeral range (32768–60999):
   * there an outgoing connection may take a port before an orderer binds it (a CI run failed so at
   * 47150). The caller stops it with {@link #down()}; the JVM's exit does too.
   */
  static LcNetwork bft() {
    LcNetwork network =
        new LcNetwork(
            command(),
            Path.of(System.getProperty("lcnet.home", "target/lcnet") + "-bft").toAbsolutePath(),
            System.getProperty("lcnet.bft-port-base", "23000"),
            System.getProperty("lcnet.bft-node-port", "22081"));
    network.bringUp("bft");
    return network;
  }

  private static Path command() {
    return Path.of(System.getProperty("lcnet.command", "lcnet")).toAbsolutePath();
  }

  private void bringUp(String ordererType) {
    run("down", "--purge");
    Instant started = Instant.now();
    run("up", "--orderer", ordererType);
    System.out.printf(
        "[lcnet] %s network up in %d s (%s)%n",
        ordererType, Duration.between(started, Instant.now()).toSeconds(), home);
    loadEnv();
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "lcnet-down"));
  }

  /** Closes the clients and stops every component of the network (its data stays). */
  void down() {
    shutdown();
  }

  /** The orderers' names: orderer1..orderer3 for Raft, orderer1..orderer4 for BFT. */
  List<String> orderers() {
    int count = "bft".equals(env("LCNET_ORDERER_TYPE")) ? 4 : 3;
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add("orderer" + i);
    }
    return names;
  }

  /** The branch's client: its own User1 identity, connected to its own peer. */
  Bank bank(String branch) {
    return banks.computeIfAbsent(branch, b -> Bank.connect(this, b, b));
  }

  /** The auditor's client (AuditorMSP has no peer; it talks to shanghai's). */
  Bank auditor() {
    return banks.computeIfAbsent("auditor", a -> Bank.connect(this, "auditor", "shanghai"));
  }

  /**
   * The branches' nodes in Fabric mode, started once by {@code lcnet up --nodes}: what its
   * nodes.env says (base URLs and tokens, e.g. {@code LC_SHANGHAI}, {@code LC_TOKEN_SHANGHAI}).
   */
  synchronized Map<String, String> nodes() {
    if (nodes == null) {
      Instant started = Instant.now();
      run("up", "--nodes");
      System.out.printf(
          "[lcnet] nodes up in %d s%n", Duration.between(started, Instant.now()).toSeconds());
      nodes = readEnv(home.resolve("nodes.env"));
    }
    return nodes;
  }

  String env(String key) {
    String value = env.get(key);
    if (value == null) {
      throw new IllegalStateException("network.env has no " + key);
    }
    return value;
  }

  // ---- faults, as lcnet commands

  void kill(String component) {
    run("kill", component);
  }

  void stop(String component) {
    run("stop", component);
  }

  void start(String component) {
    run("start", component);
  }

  /** Freezes a component (a container pause, or SIGSTOP for a process). */
  void pause(String component) {
    run("pause", component);
  }

  void resume(String component) {
    run("resume", component);
  }

  /** The channel height a component reports (a peer's or an orderer's), or -1 if it cannot. */
  long height(String component) {
    Result r = exec("height", component);
    String out = r.stdout.strip();
    return r.status != 0 || out.isEmpty() ? -1 : Long.parseLong(out);
  }

  /** The orderer that leads the channel's Raft cluster now. */
  String raftLeader() {
    return output("leader").strip();
  }

  /** The leader of the current SmartBFT view, as most orderers report it (lcnet leader). */
  String bftLeader() {
    return output("leader").strip();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  // ---- the lcnet command

  void run(String... args) {
    Result r = exec(args);
    if (r.status != 0) {
      throw new IllegalStateException(
          "lcnet " + String.join(" ", args) + " failed (" + r.status + "); see " + cliLog);
    }
  }

  String output(String... args) {
    Result r = exec(args);
    if (r.status != 0) {
      throw new IllegalStateException(
          "lcnet " + String.join(" ", args) + " failed (" + r.status + "); see " + cliLog);
    }
    return r.stdout;
  }

  private record Result(int status, String stdout) {}

  private Result exec(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(command.toString());
    cmd.addAll(List.of(args));
    try {
      Files.createDirectories(cliLog.getParent());
      Path out = Files.createTempFile(cliLog.getParent(), "lcnet", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(cliLog.toFile()));
      pb.environment().put("LCNET_HOME", home.toString());
      pb.environment().put("LCNET_PORT_BASE", portBase);
      pb.environment().put("LCNET_NODE_PORT", nodePort);
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("lcnet " + String.join(" ", args) + " timed out");
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      return new Result(p.exitValue(), stdout);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void loadEnv() {
    env.putAll(readEnv(home.resolve("network.env")));
  }

  private static Map<String, String> readEnv(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("lcnet wrote no " + file, e);
    }
    return values;
  }

  private synchronized void shutdown() {
    banks.values().forEach(Bank::close);
    banks.clear();
    exec("down");
  }
}
