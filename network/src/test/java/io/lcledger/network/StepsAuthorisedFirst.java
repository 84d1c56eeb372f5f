package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every step's endpoint, posted over HTTP by each bank's own node that may not take it, with a body
 * that is wrong in every other way: a non-party's node answers 404 LC_NOT_FOUND, a party's without
 * the step's role 403 NOT_AUTHORIZED, whatever the ledger family.
 */
final class StepsAuthorisedFirst {
  private StepsAuthorisedFirst() {}

  /** Each endpoint under a SIGHT LC and the branches that may take it there. */
  private static final Map<String, Set<String>> MAY_TAKE =
      Map.ofEntries(
          Map.entry("advice", Set.of("yangzhou")),
          Map.entry("amendments", Set.of("shanghai")),
          Map.entry("amendments/99/response", Set.of("yangzhou")),
          Map.entry("presentations", Set.of("yangzhou")),
          Map.entry("presentations/99/examination", Set.of("shanghai")),
          Map.entry("presentations/99/waiver", Set.of("shanghai")),
          Map.entry("presentations/99/refusal", Set.of("shanghai")),
          Map.entry("presentations/99/acceptance", Set.of("shanghai")),
          Map.entry("presentations/99/buyer-financing", Set.of("shanghai")),
          Map.entry("presentations/99/buyer-financing/repayment", Set.of("shanghai")),
          Map.entry("presentations/99/forfaiting", Set.of("yangzhou", "forfaiter")),
          Map.entry("presentations/99/negotiation", Set.of()), // no nominated bank
          Map.entry("presentations/99/payment", Set.of("shanghai")),
          Map.entry("cancellation", Set.of("shanghai")),
          Map.entry("cancellation/response", Set.of("yangzhou")),
          Map.entry("expiry", Set.of("shanghai", "yangzhou")),
          Map.entry("closure", Set.of("shanghai")));

  private static final List<String> BODIES =
      List.of(
          "{\"amount\":",
          "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"no-such\"]}");

  /** Checks every endpoint of SIGHT LC {@code lc} (issued by shanghai, advised by yangzhou). */
  static void check(String lc, BranchNode... nodes) throws Exception {
    for (Map.Entry<String, Set<String>> endpoint : MAY_TAKE.entrySet()) {
      for (BranchNode node : nodes) {
        if (endpoint.getValue().contains(node.branch)) {
          continue;
        }
        boolean party = !node.branch.equals("forfaiter");
        for (String body : BODIES) {
          BranchNode.Reply r = node.post("/api/v1/lcs/" + lc + "/" + endpoint.getKey(), body);
          assertThat(r.status())
              .as(node.branch + " " + endpoint.getKey() + " " + body + " → " + r.body())
              .isEqualTo(party ? 403 : 404);
          assertThat(r.body().path("code").asText())
              .isEqualTo(party ? "NOT_AUTHORIZED" : "LC_NOT_FOUND");
        }
      }
    }
  }
}
