package io.lcledger.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.InternalKeyComparator;
import org.iq80.leveldb.impl.InternalUserComparator;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.iq80.leveldb.table.BytewiseComparator;
import org.iq80.leveldb.table.FileChannelTable;
import org.iq80.leveldb.table.Table;
import org.iq80.leveldb.util.Slice;
import org.iq80.leveldb.util.TableIterator;

/**
 * One branch's peer as the files it keeps on disk ({@code CORE_PEER_FILESYSTEMPATH}, as lcnet wrote
 * it in run/peer-BRANCH.env): answers where given strings occur, as UTF-8 bytes, in its block files
 * and in every LevelDB it keeps (state, private data store, history, block index, transient store,
 * ...), decoded, and, raw, in any other file there. Proof that data reached, or did not reach, a
 * peer.
 *
 * <p>A running peer holds each LevelDB's LOCK and keeps writing: each database is copied to a
 * temporary directory (again if a compaction removed a file meanwhile) and opened there with the
 * pure-Java LevelDB, every key and value read; before that, every entry of its table files (older
 * versions and deletions too) and the bytes of its journals are searched, since a deleted entry
 * stays on disk until compacted away. A database that cannot be read fails the search rather than
 * let it answer "nowhere".
 */
final class PeerFiles {
  private final String branch;
  private final Path data;

  private PeerFiles(String branch, Path data) {
    this.branch = branch;
    this.data = data;
  }

  /** {@code branch}'s peer of the network. */
  static PeerFiles of(LcNetwork net, String branch) {
    return at(net.home(), branch);
  }

  /** {@code branch}'s peer of the network whose lcnet home is {@code home}. */
  static PeerFiles at(Path home, String branch) {
    Path env = home.resolve("run").resolve("peer-" + branch + ".env");
    try {
      for (String line : Files.readAllLines(env)) {
        if (line.startsWith("CORE_PEER_FILESYSTEMPATH=")) {
          Path data = Path.of(line.substring(line.indexOf('=') + 1).strip());
          if (!Files.isDirectory(data)) {
            throw new IllegalStateException("peer-" + branch + " has no data at " + data);
          }
          return new PeerFiles(branch, data);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("lcnet wrote no " + env, e);
    }
    throw new IllegalStateException(env + " sets no CORE_PEER_FILESYSTEMPATH");
  }

  Path data() {
    return data;
  }

  /**
   * Where each of {@code strings} occurs on the peer: in its block files, its LevelDB databases and
   * its other files.
   */
  Found find(List<String> strings) {
    Found found = new Found(branch, strings);
    try {
      List<Path> dbs = levelDbs();
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          if (dbs.stream().noneMatch(file::startsWith)) {
            String kind = isBlockFile(file) ? "block file " : "file ";
            found.scanned(kind.strip());
            search(found, kind + data.relativize(file), readIfThere(file));
          }
        }
      }
      for (Path db : dbs) {
        searchLevelDb(found, db);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read peer-" + branch + "'s files under " + data, e);
    }
    return found;
  }

  /** Where each of {@code strings} occurs in the peer's block files only. */
  Found findInBlocks(List<String> strings) {
    Found found = new Found(branch, strings);
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(PeerFiles::isBlockFile).sorted().toList()) {
        found.scanned("block file");
        search(found, "block file " + data.relativize(file), readIfThere(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Where each of {@code strings} occurs in the peer's LevelDB databases only. */
  Found findInLevelDbs(List<String> strings) {
    Found found = new Found(branch, strings);
    try {
      for (Path db : levelDbs()) {
        searchLevelDb(found, db);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** ledgersData/chains/chains/CHANNEL/blockfile_NNNNNN */
  private static boolean isBlockFile(Path file) {
    return Files.isRegularFile(file)
        && file.getFileName().toString().startsWith("blockfile_")
        && file.getParent().getParent().getFileName().toString().equals("chains");
  }

  /** Every directory under the peer's data that holds a LevelDB (a CURRENT and a MANIFEST). */
  private List<Path> levelDbs() throws IOException {
    try (Stream<Path> dirs = Files.walk(data)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> Files.isRegularFile(d.resolve("CURRENT")))
          .sorted()
          .toList();
    }
  }

  private void searchLevelDb(Found found, Path db) throws IOException {
    String name = "leveldb " + data.relativize(db);
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Path copy = Files.createTempDirectory("peerfiles-" + branch + "-");
      try {
        copyLevelDb(db, copy);
        Found one = new Found(branch, found.strings);
        searchLevelDbFiles(one, name, copy);
        Options options = new Options().createIfMissing(false).paranoidChecks(false);
        try (DB opened = Iq80DBFactory.factory.open(copy.toFile(), options);
            DBIterator entries = opened.iterator()) {
          entries.seekToFirst();
          while (entries.hasNext()) {
            Map.Entry<byte[], byte[]> entry = entries.next();
            one.scanned("leveldb entry");
            String key = printable(entry.getKey());
            search(one, name + ", key " + key, entry.getKey());
            search(one, name + ", value of key " + key, entry.getValue());
          }
        }
        one.scanned("leveldb");
        found.add(one);
        return;
      } catch (IOException | RuntimeException e) {
        // a file compacted away while copying, or copied half-way: copy the database again
        last = e instanceof IOException io ? io : new IOException(e);
      } finally {
        deleteTree(copy);
      }
    }
    throw new IOException("cannot read " + db + " (copied 5 times)", last);
  }

  /**
   * Besides what the database holds now, what its files still hold: every entry of every table,
   * older versions and deletions included, and the journals' bytes (a journal keeps a deleted entry
   * until it is compacted away, as Fabric's transient store deletes what it has committed).
   */
  private static void searchLevelDbFiles(Found found, String name, Path copy) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(copy)) {
      files = list.sorted().toList();
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".log")) {
        found.scanned("leveldb journal");
        search(found, name + ", journal " + fileName, Files.readAllBytes(file));
      } else if (fileName.endsWith(".sst")) {
        found.scanned("leveldb table");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          Table table =
              new FileChannelTable(
                  fileName,
                  channel,
                  new InternalUserComparator(new InternalKeyComparator(new BytewiseComparator())),
                  true);
          TableIterator entries = table.iterator();
          entries.seekToFirst();
          while (entries.hasNext()) {
            Map.Entry<Slice, Slice> entry = entries.next();
            byte[] key = entry.getKey().getBytes();
            String where = name + ", table " + fileName + ", entry of key " + printable(key);
            search(found, where, key);
            search(found, where, entry.getValue().getBytes());
          }
        }
      }
    }
  }

  /**
   * The database's files as LevelDB reads them: CURRENT, the manifests, the journals (.log) and the
   * tables; Fabric's (goleveldb) tables are .ldb, which this LevelDB knows as .sst. Not the LOCK,
   * nor the text LOG.
   */
  private static void copyLevelDb(Path db, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(db)) {
      files = list.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String target;
      if (name.equals("CURRENT") || name.startsWith("MANIFEST-") || name.endsWith(".log")) {
        target = name;
      } else if (name.endsWith(".ldb") || name.endsWith(".sst")) {
        target = name.substring(0, name.length() - 4) + ".sst";
      } else {
        continue;
      }
      Files.copy(file, to.resolve(target));
    }
  }

  private static byte[] readIfThere(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException gone) {
      return new byte[0];
    }
  }

  private static void search(Found found, String where, byte[] haystack) {
    for (int i = 0; i < found.strings.size(); i++) {
      if (indexOf(haystack, found.needles.get(i)) >= 0) {
        found.at(found.strings.get(i), where);
      }
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    if (needle.length == 0) {
      return 0;
    }
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      if (haystack[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A key as text for a message: its printable ASCII, other bytes as \xNN, at most 120. */
  private static String printable(byte[] key) {
    StringBuilder s = new StringBuilder();
    for (byte b : key) {
      if (s.length() > 120) {
        return s.append("...").toString();
      }
      if (b >= 0x20 && b < 0x7f) {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return s.toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temporary directory: nothing depends on it
    }
  }

  /** What a search found: each string and the places it occurs in; what it read. */
  static final class Found {
    final String branch;
    final List<String> strings;
    private final List<byte[]> needles = new ArrayList<>();
    private final Map<String, List<String>> places = new LinkedHashMap<>();
    private final Map<String, Integer> scanned = new LinkedHashMap<>();

    Found(String branch, List<String> strings) {
      this.branch = branch;
      this.strings = List.copyOf(strings);
      for (String s : this.strings) {
        needles.add(s.getBytes(StandardCharsets.UTF_8));
        places.put(s, new ArrayList<>());
      }
    }

    private void at(String string, String where) {
      places.get(string).add(where);
    }

    private void scanned(String what) {
      scanned.merge(what, 1, Integer::sum);
    }

    private void add(Found other) {
      other.places.forEach((s, where) -> places.get(s).addAll(where));
      other.scanned.forEach((what, n) -> scanned.merge(what, n, Integer::sum));
    }

    /** The strings found somewhere, each with where. */
    Map<String, List<String>> places() {
      Map<String, List<String>> found = new LinkedHashMap<>();
      places.forEach(
          (s, where) -> {
            if (!where.isEmpty()) {
              found.put(s, List.copyOf(where));
            }
          });
      return found;
    }

    /** The strings found nowhere. */
    List<String> missing() {
      return strings.stream().filter(s -> places.get(s).isEmpty()).toList();
    }

    /** How many of each kind of thing the search read (block files, LevelDBs, entries, ...). */
    Map<String, Integer> scanned() {
      return Map.copyOf(scanned);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("peer-" + branch + " (read " + scanned + "):");
      places.forEach(
          (string, where) -> {
            s.append("\n  '").append(string).append("' ");
            if (where.isEmpty()) {
              s.append("found nowhere");
            } else {
              s.append("found in ").append(where.size()).append(" place(s):");
              where.stream().limit(20).forEach(w -> s.append("\n    ").append(w));
              if (where.size() > 20) {
                s.append("\n    ... and ").append(where.size() - 20).append(" more");
              }
            }
          });
      return s.toString();
    }
  }
}
