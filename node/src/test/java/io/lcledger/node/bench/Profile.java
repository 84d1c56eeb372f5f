package io.lcledger.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recording of one measured phase of a benchmark, warm-up left out: with {@code
 * -Dbench.jfr=DIR}, the phase {@code name} is recorded with the JDK's {@code profile} settings into
 * {@code DIR/name.jfr} ({@code jfr print --events jdk.ExecutionSample} reads it). Without the
 * property nothing is recorded. The warm-up is recorded too, and thrown away: the first recording
 * of a JVM loads and compiles JFR's own code, which would otherwise weigh on the measured phase.
 */
final class Profile implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private Profile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** A recording of the warm-up, kept nowhere. */
  static Profile warmUp() throws IOException, ParseException {
    return start(null);
  }

  static Profile start(String name) throws IOException, ParseException {
    String dir = System.getProperty("bench.jfr");
    if (dir == null || dir.isBlank()) {
      return new Profile(null, null);
    }
    Path file = name == null ? null : Files.createDirectories(Path.of(dir)).resolve(name + ".jfr");
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setName(name == null ? "warm-up" : name);
    // Every compilation and deoptimisation, not only the slow ones: what the JIT still does after
    // the warm-up is part of a step's cost.
    recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
    recording.enable("jdk.Deoptimization");
    recording.start();
    return new Profile(recording, file);
  }

  @Override
  public void close() throws IOException {
    if (recording != null) {
      recording.stop();
      if (file != null) {
        recording.dump(file);
      }
      recording.close();
    }
  }
}
