package io.lcledger.chaincode.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** The contract's view of world state: LCs with their indexes, configuration and calendar. */
final class LcLedger {
  private static final byte[] INDEX_VALUE = {0};
  static final int MAX_PAGE_SIZE = 200;

  private final ChaincodeStub stub;

  LcLedger(ChaincodeStub stub) {
    this.stub = stub;
  }

  static String lcKey(ChaincodeStub stub, String lcNumber) {
    LcTerms.validateLcNumber(lcNumber);
    return LedgerKeys.composite(LedgerKeys.LC, lcNumber);
  }

  /**
   * The LC's record on the channel, or null if there is none: its public half, or the whole LC for
   * one written before its terms moved to a collection (read as stored until its next step). A
   * record this version cannot read is {@link ErrorCode#LC_UNREADABLE} to those who may know it,
   * and to anyone else the answer for a missing LC.
   */
  Found find(String lcNumber, Caller caller) {
    byte[] bytes = stub.getState(lcKey(stub, lcNumber));
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      PublicLc summary = PublicLc.of(bytes);
      return summary != null
          ? new Found(summary, null)
          : new Found(null, CanonicalJson.read(bytes, LetterOfCredit.class));
    } catch (LcException unreadable) {
      boolean mayKnow =
          caller.auditor() || (caller.isBranch() && branchesIn(bytes).contains(caller.branch()));
      if (!mayKnow) {
        throw notFound(lcNumber);
      }
      throw new LcException(
          ErrorCode.LC_UNREADABLE,
          "LC "
              + lcNumber
              + " is stored in a form this version cannot read: "
              + unreadable.detail());
    }
  }

  /** An LC's record: its public half, or (written before the collections) the whole LC. */
  record Found(PublicLc summary, LetterOfCredit legacy) {
    List<String> branches() {
      return summary != null ? summary.branches() : legacy.branches();
    }
  }

  /** The whole LC: its terms from the collection (checked against the hash), or as stored. */
  Sealed open(Found found) {
    if (found.legacy() != null) {
      return new Sealed(found.legacy(), "");
    }
    PublicLc summary = found.summary();
    SealedLc sealed = version(summary, summary.version(), summary.termsHash());
    return new Sealed(sealed.lc(), sealed.salt());
  }

  /** The whole LC with the salt its terms are sealed with. */
  record Sealed(LetterOfCredit lc, String salt) {}

  /** The LC as {@code caller} may know it, or null if there is none. */
  LetterOfCredit findLc(String lcNumber, Caller caller) {
    Found found = find(lcNumber, caller);
    return found == null ? null : open(found).lc();
  }

  static LcException notFound(String lcNumber) {
    return new LcException(ErrorCode.LC_NOT_FOUND, "no LC " + lcNumber);
  }

  /** Every branch a stored LC names, read without the domain types (which may refuse it). */
  private static Set<String> branchesIn(byte[] bytes) {
    Set<String> branches = new HashSet<>();
    try {
      JsonNode tree = CanonicalJson.tree(bytes);
      for (String field : BRANCH_FIELDS) {
        branches.addAll(tree.findValuesAsText(field));
      }
      tree.path("branches").forEach(b -> branches.add(b.asText()));
    } catch (LcException notJson) {
      // nobody can be shown to be a party
    }
    return branches;
  }

  private static final List<String> BRANCH_FIELDS =
      List.of(
          "issuingBranch",
          "advisingBranch",
          "nominatedBranch",
          "presentingBranch",
          "forfaiter",
          "negotiatingBranch");

  /**
   * Writes the LC's next version: its terms, sealed with {@code salt}, into the collection of its
   * banks (moving every earlier version there when a bank joins), and its public half with the
   * hash; the index entries move to match, the companies' in the collection. {@code was} is the LC
   * {@code before} holds, as the step read it.
   */
  PublicLc saveLc(Found before, LetterOfCredit was, LetterOfCredit after, String salt) {
    String lcNumber = after.lcNumber();
    String collection = collectionOf(after.branches());
    PublicLc old = before == null ? null : before.summary();
    int version = old == null ? 1 : old.version() + 1;
    if (old != null && !old.collection().equals(collection)) {
      for (int v = 1; v <= old.version(); v++) {
        String key = versionKey(lcNumber, v);
        putPrivate(collection, key, getPrivate(old, key));
        delPrivate(old.collection(), key);
      }
    }
    byte[] sealed = CanonicalJson.bytes(new SealedLc(salt, after));
    putPrivate(collection, versionKey(lcNumber, version), sealed);
    if (stub instanceof WrittenLcs written) {
      written.wrote(after);
    }
    PublicLc summary =
        new PublicLc(
            lcNumber,
            after.status(),
            after.issuingBranch(),
            after.advisingBranch(),
            after.branches(),
            version,
            collection,
            PublicLc.hashOf(sealed));
    stub.putState(lcKey(stub, lcNumber), CanonicalJson.bytes(summary));

    moveKeys(publicIndexKeys(was), publicIndexKeys(after), stub::delState, stub::putState);
    // a company's entries sit with the terms; an LC stored before the collections had them public
    Set<String> oldCompanyKeys = companyIndexKeys(was);
    String oldCollection = old == null ? null : old.collection();
    if (oldCollection == null) {
      oldCompanyKeys.forEach(stub::delState);
      oldCompanyKeys = Set.of();
    } else if (!oldCollection.equals(collection)) {
      oldCompanyKeys.forEach(key -> delPrivate(oldCollection, key));
      oldCompanyKeys = Set.of();
    }
    moveKeys(
        oldCompanyKeys,
        companyIndexKeys(after),
        key -> delPrivate(collection, key),
        (key, value) -> putPrivate(collection, key, value));
    return summary;
  }

  private static void moveKeys(
      Set<String> oldKeys,
      Set<String> newKeys,
      Consumer<String> delete,
      BiConsumer<String, byte[]> put) {
    for (String key : oldKeys) {
      if (!newKeys.contains(key)) {
        delete.accept(key);
      }
    }
    for (String key : newKeys) {
      if (!oldKeys.contains(key)) {
        put.accept(key, INDEX_VALUE);
      }
    }
  }

  /** The status index and each bank's: public, as the banks of an LC are. */
  private Set<String> publicIndexKeys(LetterOfCredit lc) {
    Set<String> keys = new HashSet<>();
    if (lc == null) {
      return keys;
    }
    String status = lc.status().name();
    keys.add(LedgerKeys.composite(LedgerKeys.BY_STATUS, status, lc.lcNumber()));
    for (String branch : lc.branches()) {
      keys.add(LedgerKeys.composite(LedgerKeys.BY_PARTY, branch, status, lc.lcNumber()));
    }
    return keys;
  }

  /** Each company's index entry: private, with the terms that name it. */
  private Set<String> companyIndexKeys(LetterOfCredit lc) {
    Set<String> keys = new HashSet<>();
    if (lc == null) {
      return keys;
    }
    String status = lc.status().name();
    for (String company : lc.companies()) {
      keys.add(LedgerKeys.composite(LedgerKeys.BY_PARTY, company, status, lc.lcNumber()));
    }
    return keys;
  }

  /**
   * The collection that holds the terms of an LC between {@code branches}: one per set of banks, so
   * that every bank party to an LC, and no other, holds its terms, and every endorsing peer reads
   * them from the same collection.
   */
  static String collectionOf(List<String> branches) {
    return TERMS_COLLECTION + "_" + String.join("_", new TreeSet<>(branches));
  }

  static final String TERMS_COLLECTION = "terms";

  private static String versionKey(String lcNumber, int version) {
    return LedgerKeys.lcVersion(lcNumber, version);
  }

  /** Version {@code v} of an LC from its collection, checked against the hash on the channel. */
  private SealedLc version(PublicLc summary, int v, String expectedHash) {
    byte[] bytes = getPrivate(summary, versionKey(summary.lcNumber(), v));
    if (!PublicLc.hashOf(bytes).equals(expectedHash)) {
      throw new LcException(
          ErrorCode.LC_UNREADABLE,
          "the terms of LC "
              + summary.lcNumber()
              + " version "
              + v
              + " in "
              + summary.collection()
              + " do not match their hash on the channel");
    }
    return CanonicalJson.read(bytes, SealedLc.class);
  }

  /** A key of the collection {@code summary} names for its LC. */
  private byte[] getPrivate(PublicLc summary, String key) {
    byte[] bytes;
    RuntimeException failure = null;
    try {
      bytes = stub.getPrivateData(summary.collection(), key);
    } catch (RuntimeException e) {
      bytes = null;
      failure = e;
    }
    if (bytes == null || bytes.length == 0) {
      throw notHeld(summary, failure);
    }
    return bytes;
  }

  /**
   * Terms this peer cannot give: if it is one of the LC's banks' peers, they are on their way
   * (gossip brings them within moments), {@link ErrorCode#TERMS_NOT_HELD}; any other peer never
   * holds them, and answers as for an LC it does not know.
   */
  private LcException notHeld(PublicLc summary, RuntimeException cause) {
    String lcNumber = summary.lcNumber();
    NetworkConfig config = config();
    List<String> banks = summary.branches();
    String peerMsp;
    try {
      peerMsp = stub.getMspId(); // the peer's own organisation (CORE_PEER_LOCALMSPID)
    } catch (RuntimeException notSet) {
      peerMsp = null;
    }
    String msp = peerMsp;
    boolean member =
        msp == null
            || config == null
            || config.branches().entrySet().stream()
                .anyMatch(b -> b.getValue().equals(msp) && banks.contains(b.getKey()));
    if (!member) {
      return new LcException(
          ErrorCode.LC_NOT_FOUND,
          "no LC " + lcNumber + " whose terms this peer holds (it is not one of the LC's banks')");
    }
    return new LcException(
        ErrorCode.TERMS_NOT_HELD,
        "this peer does not hold the terms of LC "
            + lcNumber
            + " (collection "
            + summary.collection()
            + ") yet: "
            + (cause == null ? "nothing under its key" : brief(cause)));
  }

  private void putPrivate(String collection, String key, byte[] value) {
    try {
      stub.putPrivateData(collection, key, value);
    } catch (RuntimeException e) {
      throw noCollection(collection, e);
    }
  }

  private void delPrivate(String collection, String key) {
    try {
      stub.delPrivateData(collection, key);
    } catch (RuntimeException e) {
      throw noCollection(collection, e);
    }
  }

  private static LcException noCollection(String collection, RuntimeException cause) {
    return new LcException(
        ErrorCode.TERMS_COLLECTION_MISSING,
        "the channel has no private data collection "
            + collection
            + " for this LC's banks (its chaincode definition must name one): "
            + brief(cause));
  }

  private static String brief(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  /** The organisations the LC's key-level policy names, sorted. */
  List<String> endorsersOf(String lcNumber) {
    String key = lcKey(stub, lcNumber);
    byte[] stored = stub.getState(key);
    if (stored == null || stored.length == 0) {
      throw notFound(lcNumber);
    }
    byte[] policy = stub.getStateValidationParameter(key);
    if (policy == null || policy.length == 0) {
      return List.of();
    }
    return StateBasedEndorsementFactory.getInstance()
        .newStateBasedEndorsement(policy)
        .listOrgs()
        .stream()
        .sorted()
        .toList();
  }

  /** Both banks of the LC must endorse every later change of it (key-level policy). */
  void requireEndorsementOf(String lcNumber, String... mspIds) {
    StateBasedEndorsement policy =
        StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
    policy.addOrgs(StateBasedEndorsement.RoleType.RoleTypeMember, mspIds);
    stub.setStateValidationParameter(lcKey(stub, lcNumber), policy.policy());
  }

  void emit(LcEvent event) {
    stub.setEvent(event.name(), CanonicalJson.bytes(event));
  }

  /**
   * One page of LCs under a public index prefix, with the bookmark of the next page. An LC is
   * answered as stored where it is read without the domain types, so one LC that cannot be read
   * never breaks a list; one whose terms this peer does not hold is left out.
   */
  Page page(CompositeKey prefix, int pageSize, String bookmark) {
    checkPageSize(pageSize);
    List<RawValue> items = new ArrayList<>();
    String next;
    int fetched = 0;
    try (QueryResultsIteratorWithMetadata<KeyValue> results =
        stub.getStateByPartialCompositeKeyWithPagination(
            prefix, pageSize, bookmark == null ? "" : bookmark)) {
      for (KeyValue kv : results) {
        fetched++;
        item(kv.getKey()).ifPresent(items::add);
      }
      next = results.getMetadata().getBookmark();
    } catch (Exception e) {
      throw rethrown(e, "range query failed");
    }
    return new Page(items, fetched < pageSize ? "" : next);
  }

  /**
   * One page of a company's LCs, from the index each collection this peer may hold keeps with the
   * terms. Private data has no paged range query: the bookmark is the last index key answered.
   */
  Page companyPage(
      NetworkConfig config, String company, String status, int pageSize, String bookmark) {
    checkPageSize(pageSize);
    List<String> attributes = new ArrayList<>(List.of(company));
    if (status != null) {
      attributes.add(status);
    }
    String prefix = LedgerKeys.composite(LedgerKeys.BY_PARTY, attributes.toArray(String[]::new));
    String after = bookmark == null || bookmark.isEmpty() ? "" : decodeBookmark(bookmark);
    TreeSet<String> keys = new TreeSet<>();
    // LCs stored before the collections keep their companies' entries public
    try (QueryResultsIterator<KeyValue> results = stub.getStateByPartialCompositeKey(prefix)) {
      firstAfter(results, after, pageSize, keys);
    } catch (Exception e) {
      throw rethrown(e, "range query failed");
    }
    for (String collection : collectionsOf(config.branches().keySet())) {
      try (QueryResultsIterator<KeyValue> results =
          stub.getPrivateDataByPartialCompositeKey(collection, prefix)) {
        firstAfter(results, after, pageSize, keys);
      } catch (Exception notHeldHere) {
        // a collection this network does not define, or this peer may not read: nothing from it
      }
    }
    List<RawValue> items = new ArrayList<>();
    for (String key : keys) {
      item(key).ifPresent(items::add);
    }
    String next = keys.size() < pageSize ? "" : encodeBookmark(keys.last());
    return new Page(items, next);
  }

  /** Keeps in {@code keys} the first {@code limit} keys after {@code after}, with those it held. */
  private static void firstAfter(
      Iterable<KeyValue> results, String after, int limit, TreeSet<String> keys) {
    for (KeyValue kv : results) {
      if (kv.getKey().compareTo(after) > 0) {
        keys.add(kv.getKey());
        if (keys.size() > limit) {
          keys.pollLast();
        }
      }
    }
  }

  /** Every collection of terms a network of {@code branches} may define: sets of one to four. */
  static List<String> collectionsOf(Set<String> branches) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(branches));
    List<String> names = new ArrayList<>();
    int n = sorted.size();
    for (int mask = 1; mask < (1 << Math.min(n, 16)); mask++) {
      if (Integer.bitCount(mask) > MAX_BANKS_PER_LC) {
        continue;
      }
      List<String> set = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          set.add(sorted.get(i));
        }
      }
      names.add(collectionOf(set));
    }
    return names;
  }

  /** The most banks one LC may name (issuing, advising or nominated, negotiating, forfaiting). */
  static final int MAX_BANKS_PER_LC = 4;

  private static String encodeBookmark(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeBookmark(String bookmark) {
    try {
      return new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "not a bookmark this list gave");
    }
  }

  private static void checkPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new LcException(ErrorCode.INVALID_REQUEST, "pageSize must be 1 to " + MAX_PAGE_SIZE);
    }
  }

  /** The LC an index key points at, as its terms hold it (or as stored, if it cannot be read). */
  private Optional<RawValue> item(String indexKey) {
    List<String> attributes = stub.splitCompositeKey(indexKey).getAttributes();
    String lcNumber = attributes.get(attributes.size() - 1);
    byte[] bytes = stub.getState(LedgerKeys.composite(LedgerKeys.LC, lcNumber));
    if (bytes == null || bytes.length == 0) {
      return Optional.empty();
    }
    PublicLc summary;
    try {
      summary = PublicLc.of(bytes);
    } catch (LcException unreadable) {
      summary = null;
    }
    if (summary == null) { // stored whole, or not readable: answered as stored
      return Optional.of(new RawValue(new String(bytes, StandardCharsets.UTF_8)));
    }
    try {
      return Optional.of(
          new RawValue(
              CanonicalJson.string(version(summary, summary.version(), summary.termsHash()).lc())));
    } catch (LcException e) {
      if (e.code() == ErrorCode.TERMS_NOT_HELD) {
        return Optional.empty();
      }
      return Optional.of(new RawValue(new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  private static RuntimeException rethrown(Exception e, String what) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(what, e);
  }

  /** A page of LCs; an empty bookmark means there is no further page. */
  record Page(List<RawValue> items, String bookmark) {}

  /**
   * The LC's versions, oldest first (Fabric returns them newest first): each public version from
   * the key's history, with its terms from the collection, checked against that version's hash.
   */
  List<HistoryEntry> history(String lcNumber) {
    List<HistoryEntry> entries = new ArrayList<>();
    List<KeyModification> versions = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> results =
        stub.getHistoryForKey(lcKey(stub, lcNumber))) {
      results.forEach(versions::add);
    } catch (Exception e) {
      throw rethrown(e, "history query failed");
    }
    List<PublicLc> summaries = new ArrayList<>();
    PublicLc latest = null;
    for (KeyModification m : versions) {
      PublicLc summary = m.isDeleted() ? null : PublicLc.of(m.getValue());
      summaries.add(summary);
      if (latest == null) {
        latest = summary; // newest first: the first public half is the latest
      }
    }
    for (int i = 0; i < versions.size(); i++) {
      KeyModification m = versions.get(i);
      PublicLc summary = summaries.get(i);
      LetterOfCredit version = null;
      if (summary != null) {
        // every version lives in the collection of the LC's latest banks
        version = version(latest, summary.version(), summary.termsHash()).lc();
      } else if (!m.isDeleted()) {
        version = CanonicalJson.read(m.getValue(), LetterOfCredit.class);
      }
      entries.add(HistoryEntry.of(m.getTxId(), m.getTimestamp(), version));
    }
    Collections.reverse(entries);
    return entries;
  }

  NetworkConfig config() {
    byte[] bytes = stub.getState(LedgerKeys.NETWORK_CONFIG);
    return bytes == null || bytes.length == 0
        ? null
        : CanonicalJson.read(bytes, NetworkConfig.class);
  }

  void saveConfig(NetworkConfig config) {
    stub.putState(LedgerKeys.NETWORK_CONFIG, CanonicalJson.bytes(config));
  }

  YearCalendar calendarYear(int year) {
    byte[] bytes = stub.getState(calendarKey(year));
    return bytes == null || bytes.length == 0
        ? null
        : CanonicalJson.read(bytes, YearCalendar.class);
  }

  void saveCalendar(YearCalendar calendar) {
    stub.putState(calendarKey(calendar.year()), CanonicalJson.bytes(calendar));
  }

  BusinessCalendar calendar() {
    return BusinessCalendar.loading(this::calendarYear);
  }

  private String calendarKey(int year) {
    return LedgerKeys.composite(LedgerKeys.CALENDAR, String.format("%04d", year));
  }
}
