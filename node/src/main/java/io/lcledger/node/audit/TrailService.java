package io.lcledger.node.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.HistoryView;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * An LC's audit trail from the ledger: every version with its transaction, block, time, bank, MSP
 * and step, and what it changed compared with the version before.
 */
@Service
public class TrailService {
  static final CallerPrincipal AUDITOR = new CallerPrincipal("auditor", null, true);

  private final LcService lcs;
  private final ObjectMapper json = new ObjectMapper();

  public TrailService(LcService lcs) {
    this.lcs = lcs;
  }

  /** One version of the LC in the trail. */
  public record Entry(
      String txId,
      Long blockNumber,
      Instant timestamp,
      String branch,
      String mspId,
      String step,
      String status,
      List<String> changes) {}

  public List<Entry> trail(String lcNumber) {
    List<HistoryEntry> versions = lcs.versions(Member.AUDITOR, lcNumber);
    Map<String, Long> blocks =
        lcs.locate(versions.stream().map(HistoryEntry::txId).toList()).stream()
            .collect(
                Collectors.toMap(
                    Ledger.TxLocation::txId, Ledger.TxLocation::blockNumber, (a, b) -> a));
    List<Entry> entries = new ArrayList<>();
    Map<String, String> previous = Map.of();
    for (HistoryEntry v : versions) {
      Map<String, String> current = v.lc() == null ? Map.of() : flatten(v.lc());
      entries.add(
          new Entry(
              v.txId(),
              blocks.get(v.txId()),
              v.timestamp(),
              v.branch(),
              v.mspId(),
              v.step() == null ? "DELETE" : v.step().name(),
              v.status() == null ? null : v.status().name(),
              changes(previous, current)));
      previous = current;
    }
    return entries;
  }

  public HistoryView.Verification verify(String lcNumber) {
    return lcs.verify(AUDITOR, lcNumber);
  }

  private Map<String, String> flatten(Object lc) {
    Map<String, String> flat = new LinkedHashMap<>();
    try {
      JsonNode tree = json.readTree(CanonicalJson.string(lc));
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("lastStep");
      flatten("", tree, flat);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return flat;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f ->
                  flatten(
                      path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), flat));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), flat);
      }
    } else {
      flat.put(path, node.asText());
    }
  }

  private static List<String> changes(Map<String, String> before, Map<String, String> after) {
    if (before.isEmpty()) {
      return List.of("created");
    }
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : after.entrySet()) {
      String old = before.get(e.getKey());
      if (!Objects.equals(old, e.getValue())) {
        changes.add(e.getKey() + ": " + (old == null ? "—" : old) + " → " + e.getValue());
      }
    }
    for (String removed : before.keySet()) {
      if (!after.containsKey(removed)) {
        changes.add(removed + ": " + before.get(removed) + " → —");
      }
    }
    return changes;
  }
}
