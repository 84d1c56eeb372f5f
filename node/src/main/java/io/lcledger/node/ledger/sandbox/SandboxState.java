package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.embedded.EmbeddedWorld;
import io.lcledger.chaincode.embedded.OrderedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What the sandbox ledger derives from its chain, kept on disk so that a start need not replay the
 * whole chain: the world state (values, key-level policies, each key's history) and the chain's
 * indexes (each block's hash and place in the file, each transaction's block, each idempotency
 * key's transaction). It lives in one H2 MVStore file, read lazily through a bounded cache, so
 * memory does not grow with the chain either.
 *
 * <p>Changes are written to the file only by {@link #snapshot()}. The ledger's committer is the
 * only writer of this world and these indexes, and it writes a block's transactions into them only
 * once the block is on disk, so the file always holds the world exactly as the chain's first {@link
 * #snapshotHeight()} blocks leave it, and a start replays only the blocks after those.
 */
class SandboxState implements AutoCloseable {
  private static final String HEIGHT = "height";
  // chunks fuller than this are left alone; at most this much is rewritten per snapshot
  private static final int COMPACT_FILL_RATE = 60;
  private static final int COMPACT_BYTES = 16 << 20;
  // a snapshot is due sooner once the changes held in memory for it are this large (as the store
  // estimates them), so that memory stays bounded whatever the blocks hold
  static final int UNSAVED_MAX = 64 << 20;

  private final MVStore store;
  // forces each snapshot to disk, one at a time
  private final ExecutorService syncer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "sandbox-snapshot-sync");
            thread.setDaemon(true);
            return thread;
          });
  private Future<?> lastSync = CompletableFuture.completedFuture(null);
  private final MVMap<Long, String> blocks;
  private final MVMap<String, Long> transactions;
  private final MVMap<String, String> requests;
  private final MVMap<String, Long> meta;
  private final EmbeddedWorld world;
  private long height;
  private String lastHash = Block.GENESIS_PREVIOUS;

  /** A block's hash and where it is in the chain's file. */
  record Sealed(String hash, BlockStore.Position position) {}

  SandboxState(Path file) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    // never written behind the ledger's back: only a snapshot is a consistent world. Disabling
    // auto-commit stops the background writer only; without a write buffer of 0 the store also
    // writes by itself, on the committer's thread, once unsaved changes pass about 19 MB, and a
    // crash after that replayed blocks onto a world that already held them (each key's history
    // twice). "retry:" reopens the file when a reading thread is interrupted, which would close it
    store =
        new MVStore.Builder()
            .fileName("retry:" + file)
            .autoCommitDisabled()
            .autoCommitBufferSize(0)
            .open();
    blocks = store.openMap("blocks");
    transactions = store.openMap("transactions");
    requests = store.openMap("requests");
    meta = store.openMap("meta");
    world = new EmbeddedWorld(store("state"), store("policies"), store("history"));
    height = meta.getOrDefault(HEIGHT, 0L);
    if (height > 0) {
      lastHash = block(height - 1).hash();
    }
  }

  EmbeddedWorld world() {
    return world;
  }

  /** Blocks indexed so far (the snapshot's, then those replayed or committed since). */
  long height() {
    return height;
  }

  /** The hash of the last block indexed, or the genesis' previous hash. */
  String lastHash() {
    return lastHash;
  }

  /**
   * Whether a snapshot is due: {@code everyBlocks} blocks indexed since the last, or more changes
   * held in memory than {@link #UNSAVED_MAX}.
   */
  boolean snapshotDue(int everyBlocks) {
    return height - snapshotHeight() >= everyBlocks || store.getUnsavedMemory() >= UNSAVED_MAX;
  }

  /** Blocks whose world the file holds. */
  long snapshotHeight() {
    return meta.getOrDefault(HEIGHT, 0L);
  }

  /** Indexes a block whose transactions are already applied to the world. */
  void index(Block block, BlockStore.Position position) {
    blocks.put(block.number(), block.hash() + " " + position.offset() + " " + position.length());
    for (Block.Tx tx : block.transactions()) {
      transactions.put(tx.txId(), block.number());
      if (tx.requestKey() != null) {
        requests.putIfAbsent(tx.requestKey(), tx.txId());
      }
    }
    height = block.number() + 1;
    lastHash = block.hash();
  }

  Sealed block(long number) {
    String[] parts = blocks.get(number).split(" ");
    return new Sealed(
        parts[0], new BlockStore.Position(Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
  }

  /** The block holding transaction {@code txId}, or null. */
  Long blockOf(String txId) {
    return transactions.get(txId);
  }

  /** The first transaction taken under idempotency key {@code requestKey} (its hash), or null. */
  String transactionOf(String requestKey) {
    return requests.get(requestKey);
  }

  /**
   * Writes everything indexed so far to the file, as the world after {@link #height()} blocks.
   * Nothing compacts the file in the background (nothing may write it between snapshots), so each
   * snapshot also rewrites a bounded share of its emptiest chunks, whose space is then reused.
   */
  void snapshot() {
    awaitSync(); // the snapshot before is on disk before this one is written after it
    meta.put(HEIGHT, height);
    store.commit();
    if (store.compact(COMPACT_FILL_RATE, COMPACT_BYTES)) {
      store.commit();
    }
    // forced to disk behind the committer, which the next block waits for: until then an OS crash
    // leaves the snapshot before, which a start replays from as it would after a crash mid-write
    lastSync = syncer.submit(store::sync);
  }

  private void awaitSync() {
    try {
      lastSync.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the sandbox snapshot could not be forced to disk", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the sandbox snapshot was forced", e);
    }
  }

  /** Forgets everything, for a replay of the whole chain. */
  void clear() {
    for (String name : store.getMapNames()) {
      store.openMap(name).clear();
    }
    height = 0;
    lastHash = Block.GENESIS_PREVIOUS;
  }

  /** Closes the file, dropping whatever was not snapshotted. */
  @Override
  public void close() {
    try {
      awaitSync();
    } catch (IllegalStateException e) {
      // closing either way: a start replays from the snapshot on disk
    } finally {
      syncer.shutdown();
      store.closeImmediately();
    }
  }

  private OrderedStore store(String name) {
    MVMap<String, byte[]> map = store.openMap(name);
    return new OrderedStore() {
      @Override
      public byte[] get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        map.put(key, value);
      }

      @Override
      public void remove(String key) {
        map.remove(key);
      }

      @Override
      public Iterator<Map.Entry<String, byte[]>> from(String from) {
        Cursor<String, byte[]> cursor = map.cursor(from);
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return cursor.hasNext();
          }

          @Override
          public Map.Entry<String, byte[]> next() {
            String key = cursor.next();
            return new AbstractMap.SimpleImmutableEntry<>(key, cursor.getValue());
          }
        };
      }
    };
  }
}
