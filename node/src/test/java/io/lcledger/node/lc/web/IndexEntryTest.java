package io.lcledger.node.lc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerEvents;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which member reads an event's LC into the read model: an auditor where the node can act as one
 * (the sandbox), else a branch of the node that the event concerns (a Fabric node holds only its
 * own branches' identities); an LC none of them may read is not this node's business. An LC the
 * ledger hands over with its event (the sandbox's), or that this node's own step read back after
 * the same commit (Fabric's), is entered as it is, with no read back.
 */
class IndexEntryTest {
  final Ledger ledger = mock(Ledger.class);
  final LcService lcs =
      new LcService(
          ledger,
          mock(DocumentStore.class),
          mock(DocumentService.class),
          new SimpleMeterRegistry(),
          mock(LcIndex.class),
          new StepGate(ledger));

  static Ledger.LedgerEvent issued(List<String> branches) {
    return LedgerEvents.issued("LC-1", "tx-1", 3, branches, List.of());
  }

  static LedgerException.Rejected refused(String code) {
    return new LedgerException.Rejected(code, "refused", null);
  }

  @Test
  void aFabricNodeReadsTheLcAsItsOwnBranchWhenItHoldsNoAuditorIdentity() {
    willThrow(refused("NOT_AUTHORIZED")).given(ledger).find(eq(Member.AUDITOR), any());
    willThrow(refused("NOT_AUTHORIZED")).given(ledger).find(eq(Member.branch("shanghai")), any());
    given(ledger.find(eq(Member.branch("yangzhou")), any())).willReturn(LcControllerTest.lc());

    LcIndex.Entry entry = lcs.indexEntry(issued(List.of("shanghai", "yangzhou")));

    assertThat(entry.lc()).isNotNull();
    assertThat(entry.lcNumber()).isEqualTo(LcControllerTest.lc().lcNumber());
    assertThat(entry.tx().blockNumber()).isEqualTo(3);
  }

  @Test
  void anLcNoMemberOfThisNodeMayReadIsLeftOut() {
    willThrow(refused("NOT_AUTHORIZED")).given(ledger).find(any(), any());
    willThrow(refused("LC_NOT_FOUND")).given(ledger).find(eq(Member.branch("forfaiter")), any());

    assertThat(lcs.indexEntry(issued(List.of("forfaiter")))).isNull();
  }

  @Test
  void anLcInAFormThisNodeCannotReadIsEnteredAsUnreadableWithItsParties() {
    given(ledger.find(any(), any())).willThrow(refused("LC_UNREADABLE"));

    LcIndex.Entry entry = lcs.indexEntry(issued(List.of("shanghai", "yangzhou")));

    assertThat(entry.lc()).isNull();
    assertThat(entry.unreadable()).contains("refused");
    assertThat(entry.parties()).containsExactly("shanghai", "yangzhou");
  }

  @Test
  void anLcHandedOverWithItsEventIsEnteredWithoutReadingTheLedger() {
    Ledger.LedgerEvent issued = issued(List.of("shanghai", "yangzhou"));

    LcIndex.Entry entry =
        lcs.indexEntry(new Ledger.LedgerEvent(issued.event(), issued.tx(), LcControllerTest.lc()));

    assertThat(entry.lcNumber()).isEqualTo(LcControllerTest.lc().lcNumber());
    assertThat(entry.lc()).isNotNull();
    assertThat(entry.tx()).isEqualTo(issued.tx());
    verifyNoInteractions(ledger);
  }

  @Test
  void anLcThisNodesOwnStepReadBackAfterTheCommitIsEnteredWithoutReadingAgain() {
    Ledger.LedgerEvent issued = issued(List.of("shanghai", "yangzhou"));
    given(ledger.readAfterCommit(eq(issued.tx()), any()))
        .willReturn(Optional.of(LcControllerTest.lc()));

    LcIndex.Entry entry = lcs.indexEntry(issued);

    assertThat(entry.lc()).isNotNull();
    assertThat(entry.tx()).isEqualTo(issued.tx());
    verify(ledger, never()).find(any(), any());
  }

  @Test
  void withoutAReadAfterTheCommitTheLcIsReadFromTheLedger() {
    given(ledger.readAfterCommit(any(), any())).willReturn(Optional.empty());
    given(ledger.find(eq(Member.AUDITOR), any())).willReturn(LcControllerTest.lc());

    assertThat(lcs.indexEntry(issued(List.of("shanghai", "yangzhou"))).lc()).isNotNull();
    verify(ledger).find(eq(Member.AUDITOR), any());
  }
}
