package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read model: every LC this node has seen committed, as last read from the ledger, by party
 * (branch or company USCC), status, number and next deadline. It serves listing and searching;
 * views and history are read from the ledger. It is a cache of the ledger, written by the node's
 * event consumer in the same database transaction as the outbox and the checkpoint, and rebuilt
 * from the ledger on demand.
 */
@Repository
public class LcIndex {
  /** At most this many unreadable LCs are named beside a page. */
  static final int MAX_UNREADABLE = 100;

  private final JdbcClient db;
  private static final int RECENT = 4_096;
  private final Object progress = new Object();
  // the latest transactions indexed, and the block before which everything is
  private final Map<String, Boolean> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > RECENT;
        }
      };
  private long indexedBefore = -1;

  public LcIndex(JdbcClient db) {
    this.db = db;
  }

  /** An LC as the read model holds it; {@code lc} is null when this node cannot read it. */
  public record Entry(
      String lcNumber,
      LcStatus status,
      LocalDate nextDeadline,
      List<String> parties,
      Ledger.TxRef tx,
      LetterOfCredit lc,
      String unreadable) {

    public Entry {
      parties = List.copyOf(parties);
    }

    public static Entry of(LetterOfCredit lc, Ledger.TxRef tx) {
      return new Entry(
          lc.lcNumber(), lc.status(), LcIndex.nextDeadline(lc), lc.parties(), tx, lc, null);
    }

    /** An LC the ledger holds in a form this node cannot read, as its event describes it. */
    public static Entry unreadable(
        String lcNumber, LcStatus status, List<String> parties, Ledger.TxRef tx, String why) {
      return new Entry(lcNumber, status, null, parties, tx, null, why);
    }
  }

  /**
   * Which LCs: of {@code party} (a branch; null for every LC), of {@code company} (a USCC, as
   * applicant or beneficiary), of one status, whose number contains {@code number}, and whose next
   * deadline is on or before {@code deadlineBy}; each criterion optional.
   */
  public record Search(
      String party, String company, LcStatus status, String number, LocalDate deadlineBy) {
    public static Search of(String party, LcStatus status) {
      return new Search(party, null, status, null, null);
    }
  }

  /** One page: the LCs read, the total that match, the cursor of the next page, the unreadable. */
  public record Found(List<LetterOfCredit> lcs, long total, String next, List<Entry> unreadable) {}

  /** The next date something must happen by: an examination, a maturity, or expiry. */
  public static LocalDate nextDeadline(LetterOfCredit lc) {
    return nextDeadline(lc.presentations(), lc.status(), lc.terms().expiryDate());
  }

  /** The next deadline of an LC in {@code status} with these presentations and expiry date. */
  public static LocalDate nextDeadline(
      List<Presentation> presentations, LcStatus status, LocalDate expiryDate) {
    Optional<LocalDate> examination =
        presentations.stream()
            .filter(
                p ->
                    p.status() == PresentationStatus.PRESENTED
                        || p.status() == PresentationStatus.DISCREPANT)
            .map(Presentation::examinationDeadline)
            .min(Comparator.naturalOrder());
    if (examination.isPresent()) {
      return examination.get();
    }
    Optional<LocalDate> maturity =
        presentations.stream()
            .filter(p -> p.status() == PresentationStatus.ACCEPTED)
            .map(Presentation::maturityDate)
            .min(Comparator.naturalOrder());
    if (maturity.isPresent()) {
      return maturity.get();
    }
    return status == LcStatus.ISSUED || status == LcStatus.ADVISED ? expiryDate : null;
  }

  /**
   * Writes the entries, replacing what was held of each LC unless that came from a later block
   * (another node of the branch got there first with a newer read); inside the caller's
   * transaction. An LC held already is updated in place, and its parties rewritten only when they
   * changed (rarely: a forfaiter or a negotiating bank joining): the read model is written once per
   * step, so each statement saved counts.
   */
  public void put(List<Entry> entries) {
    for (Entry e : entries) {
      Long held =
          db.sql("select block_number from lc_entry where lc_number = ?")
              .param(e.lcNumber())
              .query(Long.class)
              .optional()
              .orElse(null);
      if (held == null) {
        db.sql(
                "insert into lc_entry (status, next_deadline, block_number, tx_id, lc_json,"
                    + " unreadable, lc_number) values (?, ?, ?, ?, ?, ?, ?)")
            .params(columns(e))
            .update();
        insertParties(e.lcNumber(), e.parties());
        continue;
      }
      if (held > e.tx().blockNumber()) {
        continue;
      }
      db.sql(
              "update lc_entry set status = ?, next_deadline = ?, block_number = ?, tx_id = ?,"
                  + " lc_json = ?, unreadable = ? where lc_number = ?")
          .params(columns(e))
          .update();
      List<String> parties =
          db.sql("select party from lc_party where lc_number = ?")
              .param(e.lcNumber())
              .query(String.class)
              .list();
      if (!new HashSet<>(parties).equals(new HashSet<>(e.parties()))) {
        db.sql("delete from lc_party where lc_number = ?").param(e.lcNumber()).update();
        insertParties(e.lcNumber(), e.parties());
      }
    }
  }

  private static List<Object> columns(Entry e) {
    return Arrays.asList(
        e.status() == null ? null : e.status().name(),
        e.nextDeadline(),
        e.tx().blockNumber(),
        e.tx().txId(),
        // as UTF-8 bytes: the embedded H2 writes a text character by character
        e.lc() == null ? null : CanonicalJson.bytes(e.lc()),
        e.unreadable(),
        e.lcNumber());
  }

  private void insertParties(String lcNumber, List<String> parties) {
    for (String party : new LinkedHashSet<>(parties)) {
      db.sql("insert into lc_party (party, lc_number) values (?, ?)")
          .params(party, lcNumber)
          .update();
    }
  }

  /** Forgets every LC, before a rebuild from the ledger; inside the caller's transaction. */
  public void clear() {
    db.sql("delete from lc_party").update();
    db.sql("delete from lc_entry").update();
  }

  /**
   * Tells readers that the events of these transactions are in the read model, and those of every
   * block before {@code block}: events are processed in the ledger's order.
   */
  public void indexed(List<String> txIds, long block) {
    synchronized (progress) {
      txIds.forEach(txId -> recent.put(txId, Boolean.TRUE));
      indexedBefore = Math.max(indexedBefore, block);
      progress.notifyAll();
    }
  }

  /**
   * Waits, at most {@code patience}, until the event of {@code tx} is in the read model, so that a
   * client lists what it has just done; a read model further behind answers anyway, with what it
   * holds.
   */
  void awaitIndexed(Ledger.TxRef tx, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (progress) {
      long left;
      while (indexedBefore <= tx.blockNumber()
          && !recent.containsKey(tx.txId())
          && (left = deadline - System.nanoTime()) > 0) {
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * The page of {@code size} LCs matching {@code search}, in LC number order: after {@code cursor}
   * when one is given (from a previous page's {@code next}), else the {@code page}-th.
   */
  Found search(Search search, String cursor, int page, int size) {
    if (!searchable(search)) { // text no LC number or party has: nothing matches it
      return new Found(List.of(), 0, "", List.of());
    }
    Where where = where(search);
    long total =
        db.sql("select count(*) from lc_entry e where e.lc_json is not null" + where.sql)
            .params(where.params)
            .query(Long.class)
            .single();
    StringBuilder sql =
        new StringBuilder(
                "select e.lc_number, e.lc_json from lc_entry e where e.lc_json is not null")
            .append(where.sql);
    Map<String, Object> params = new LinkedHashMap<>(where.params);
    String after = Cursor.decode(cursor);
    if (after != null) {
      sql.append(" and e.lc_number > :after");
      params.put("after", after);
    }
    sql.append(" order by e.lc_number limit :limit offset :offset");
    params.put("limit", size + 1);
    params.put("offset", after != null ? 0L : (long) page * size);
    List<Row> rows =
        db.sql(sql.toString())
            .params(params)
            .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2)))
            .list();
    List<LetterOfCredit> lcs = new ArrayList<>();
    List<Entry> unreadable = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(size, rows.size()))) {
      try {
        lcs.add(CanonicalJson.read(row.lcJson(), LetterOfCredit.class));
      } catch (RuntimeException e) { // kept by an older node in a form this one no longer reads
        unreadable.add(Entry.unreadable(row.lcNumber(), null, List.of(), NO_TX, e.getMessage()));
      }
    }
    String next = rows.size() > size ? Cursor.encode(rows.get(size - 1).lcNumber()) : "";
    unreadable.addAll(unreadable(where));
    return new Found(lcs, total, next, unreadable);
  }

  private List<Entry> unreadable(Where where) {
    Map<String, Object> params = new LinkedHashMap<>(where.params);
    params.put("limit", MAX_UNREADABLE);
    return db.sql(
            "select e.lc_number, e.status, e.block_number, e.tx_id, e.unreadable from lc_entry e"
                + " where e.lc_json is null"
                + where.sql
                + " order by e.lc_number limit :limit")
        .params(params)
        .query(
            (rs, n) ->
                Entry.unreadable(
                    rs.getString(1),
                    rs.getString(2) == null ? null : LcStatus.valueOf(rs.getString(2)),
                    List.of(),
                    new Ledger.TxRef(rs.getString(4), rs.getLong(3)),
                    rs.getString(5)))
        .list();
  }

  private static final Ledger.TxRef NO_TX = new Ledger.TxRef("", -1);

  private record Row(String lcNumber, byte[] lcJson) {}

  private record Where(String sql, Map<String, Object> params) {}

  private static Where where(Search search) {
    StringBuilder sql = new StringBuilder();
    Map<String, Object> params = new LinkedHashMap<>();
    if (search.party() != null) {
      sql.append(
          " and exists (select 1 from lc_party p where p.lc_number = e.lc_number"
              + " and p.party = :party)");
      params.put("party", search.party());
    }
    if (search.company() != null) {
      sql.append(
          " and exists (select 1 from lc_party c where c.lc_number = e.lc_number"
              + " and c.party = :company)");
      params.put("company", search.company());
    }
    if (search.status() != null) {
      sql.append(" and e.status = :status");
      params.put("status", search.status().name());
    }
    if (search.number() != null && !search.number().isBlank()) {
      // matched in the number's own index, not row by row with each LC's JSON: a scan of 100k
      // LCs took 800 ms, this 50
      sql.append(
          " and e.lc_number in (select n.lc_number from lc_entry n"
              + " where n.lc_number like :number escape '\\')");
      params.put("number", "%" + likeLiteral(search.number().strip()) + "%");
    }
    if (search.deadlineBy() != null) {
      sql.append(" and e.next_deadline <= :deadlineBy");
      params.put("deadlineBy", search.deadlineBy());
    }
    return new Where(sql.toString(), params);
  }

  /** What a search by number may contain: the characters of an LC number. */
  public static final String NUMBER_PART_PATTERN = "[A-Za-z0-9._-]*";

  /** The longest listing cursor accepted. */
  public static final int MAX_CURSOR = 128;

  private static final Pattern NUMBER_PART = Pattern.compile(NUMBER_PART_PATTERN);
  // a branch name or a USCC: printable, and never a NUL, which PostgreSQL refuses in text
  private static final Pattern PARTY = Pattern.compile("[^\\p{Cntrl}]*");

  private static boolean searchable(Search search) {
    return (search.number() == null || NUMBER_PART.matcher(search.number().strip()).matches())
        && (search.party() == null || PARTY.matcher(search.party()).matches())
        && (search.company() == null || PARTY.matcher(search.company()).matches());
  }

  private static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** A page's cursor: the last LC number it held, opaque to clients. */
  static final class Cursor {
    private Cursor() {}

    static String encode(String lcNumber) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(lcNumber.getBytes(StandardCharsets.UTF_8));
    }

    /** The LC number after which the page starts; null for none. */
    static String decode(String cursor) {
      if (cursor == null || cursor.isEmpty()) {
        return null;
      }
      if (cursor.length() > MAX_CURSOR) {
        throw new LcException(ErrorCode.INVALID_REQUEST, "the cursor is too long");
      }
      try {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new LcException(ErrorCode.INVALID_REQUEST, "not a cursor of this listing");
      }
    }
  }
}
