package io.lcledger.chaincode.evm;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentDisposition;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.RequiredDocument;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every step's call, encoded as a node sends it, reads back as the very command it was. */
class EvmCallsTest {
  private static final String LC = "LC-2026-0001";
  private static final String SHA = "ab".repeat(32);
  private static final String SM3 = "0f".repeat(32);

  static Stream<Command> commands() {
    LcTerms terms =
        new LcTerms(
            LC,
            "yangzhou",
            new Party("扬州买方有限公司", "91321000MA1MXXXX0A"),
            new Party("上海卖方有限公司", "91310000MA1FYYYY1B"),
            new Money(new BigDecimal("1000000.50")),
            "CNY",
            5,
            LocalDate.of(2026, 12, 31),
            "扬州",
            LocalDate.of(2026, 12, 15),
            null,
            new PaymentTerms(PaymentType.DEFERRED, 90, "forfaiter"),
            true,
            "钢材 500 吨",
            List.of(new RequiredDocument(DocumentType.INVOICE, 3)),
            null);
    Money amount = new Money(new BigDecimal("1234.05"));
    return Stream.of(
        new Command.Issue(terms),
        new Command.Advise(),
        new Command.ProposeAmendment(
            Map.of(
                "amount",
                "2000000.00",
                "expiryDate",
                "2027-01-31",
                "tolerancePercent",
                10,
                "partialShipmentsAllowed",
                false,
                "goodsDescription",
                "钢材 600 吨",
                "requiredDocuments",
                List.of(Map.of("type", "TRANSPORT_DOCUMENT", "copies", 2)))),
        new Command.AnswerAmendment(1, true),
        new Command.AnswerAmendment(2, false),
        new Command.Present(
            amount,
            LocalDate.of(2026, 11, 30),
            List.of(
                new DocumentRef(
                    "doc-1", DocumentType.INVOICE, "发票.pdf", "application/pdf", 1234, SHA, SM3))),
        new Command.Examine(1, Command.Examine.Result.COMPLIANT, List.of()),
        new Command.Examine(1, Command.Examine.Result.DISCREPANT, List.of("迟装运", "金额不符")),
        new Command.Waive(1, true),
        new Command.Refuse(1, List.of("迟装运"), DocumentDisposition.RETURNING),
        new Command.AcceptDeferred(1),
        new Command.Pay(1, amount, "PAY-1"),
        new Command.Pay(1, amount, null),
        new Command.GrantBuyerFinancing(
            1, amount, new BigDecimal("4.35"), LocalDate.of(2027, 3, 1)),
        new Command.RepayBuyerFinancing(1, amount),
        new Command.Forfait(1, amount, new BigDecimal("3.125")),
        new Command.Negotiate(1, amount),
        new Command.RequestCancellation("买方撤销"),
        new Command.AnswerCancellation(true),
        new Command.AnswerCancellation(false),
        new Command.Expire(),
        new Command.Close());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void aCallReadsBackAsItsCommand(Command command) {
    EvmCalls.Call call = EvmCalls.decode(EvmCalls.encode(LC, command));

    assertThat(call.lcNumber()).isEqualTo(LC);
    assertThat(call.command()).isEqualTo(command);
  }

  @Test
  void anLcIsFiledUnderTheHashOfItsNumber() {
    assertThat(EvmCalls.lcKey("abc"))
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void everyStepEventOfTheJavaTableIsAnEventOfTheContract() {
    assertThat(EvmCalls.event(EvmCalls.topic("LcIssued"))).contains("LcIssued");
    assertThat(EvmCalls.isStepEvent("LcIssued")).isTrue();
    assertThat(EvmCalls.isStepEvent("CalendarSet")).isFalse();
  }
}
