package io.lcledger.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The EVM chain of {@code network/evmnet}, as the tests start, read and stop it. */
final class EvmNet {
  private EvmNet() {}

  /** Starts a fresh chain (any earlier one purged) and answers what it wrote to network.env. */
  static Map<String, String> up() throws Exception {
    run("down", "--purge");
    run("up");
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(home().resolve("network.env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  /** Runs {@code evmnet args…} on the tests' chain; fails on a non-zero exit. */
  static void run(String... args) throws Exception {
    Path command = Path.of(System.getProperty("evmnet.command", "evmnet")).toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of(command.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("EVMNET_HOME", home().toString());
    pb.environment().put("EVMNET_PORT_BASE", System.getProperty("evmnet.port-base", "29000"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("evmnet " + String.join(" ", args) + " failed:\n" + out);
    }
  }

  private static Path home() {
    return Path.of(System.getProperty("evmnet.home", "target/evmnet")).toAbsolutePath();
  }
}
