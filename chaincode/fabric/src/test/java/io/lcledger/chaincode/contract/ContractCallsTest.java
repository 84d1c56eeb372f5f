package io.lcledger.chaincode.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.PaymentType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/** The table of contract calls against the contract's own {@code @Transaction} methods. */
class ContractCallsTest {

  /** The contract's transactions of one intent: name (with its contract's prefix) to arity. */
  static Map<String, Integer> transactions(Transaction.TYPE intent) {
    Map<String, Integer> found = new TreeMap<>();
    for (Method m : LetterOfCreditContract.class.getDeclaredMethods()) {
      add(found, "", m, intent);
    }
    for (Method m : NetworkContract.class.getDeclaredMethods()) {
      add(found, "network:", m, intent);
    }
    return found;
  }

  private static void add(Map<String, Integer> found, String prefix, Method m, Transaction.TYPE t) {
    Transaction tx = m.getAnnotation(Transaction.class);
    if (tx != null && tx.intent() == t) {
      assertThat(m.getParameterTypes()[0]).isEqualTo(Context.class);
      assertThat(Arrays.stream(m.getParameterTypes()).skip(1)).allMatch(String.class::equals);
      found.put(prefix + m.getName(), m.getParameterCount() - 1);
    }
  }

  @Test
  void everyCommandHasExactlyOneRow() {
    assertThat(List.<Class<?>>copyOf(ContractCalls.STEPS.keySet()))
        .containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
  }

  @Test
  void theRowsAreTheContractsStepTransactionsWithTheirArguments() {
    Map<String, Integer> rows =
        ContractCalls.STEPS.values().stream()
            .collect(
                Collectors.toMap(
                    ContractCalls.Row::function,
                    r -> r.args() == ContractCalls.Args.NUMBER_AND_REQUEST ? 2 : 1,
                    (a, b) -> {
                      throw new AssertionError("two commands share a transaction");
                    },
                    TreeMap::new));
    Map<String, Integer> submits = transactions(Transaction.TYPE.SUBMIT);
    submits.keySet().removeIf(name -> name.startsWith("network:")); // the admin's, not a step
    assertThat(rows).isEqualTo(submits);
  }

  @Test
  void theReadsAreTheContractsEvaluateTransactionsWithTheirArguments() {
    Map<String, Integer> evaluates = transactions(Transaction.TYPE.EVALUATE);
    assertThat(evaluates).containsAllEntriesOf(ContractCalls.READS);
  }

  @Test
  void aCallCarriesTheNumberAsAnArgumentAndTheCommandInTheTransientFieldNoBlockKeeps() {
    ContractCalls.Call call = ContractCalls.step("LC-1", new Command.AcceptDeferred(1));
    assertThat(call.function()).isEqualTo("acceptDeferred");
    assertThat(call.args()).containsExactly("LC-1", "");
    assertThat(new String(call.transientData().get("request"), StandardCharsets.UTF_8))
        .isEqualTo("{\"presentationNo\":1}");
    assertThat(ContractCalls.step("LC-1", new Command.Close()).args()).containsExactly("LC-1");
  }

  @Test
  void anIssueNamesTheNumberInItsTermsAndSendsThemWithAFreshSaltOutsideTheArguments() {
    var terms = Fixtures.terms("LC-7", PaymentType.SIGHT);
    ContractCalls.Call one = ContractCalls.step(terms.lcNumber(), new Command.Issue(terms));
    ContractCalls.Call two = ContractCalls.step(terms.lcNumber(), new Command.Issue(terms));
    assertThat(one.args()).containsExactly("");
    assertThat(one.transientData().get("terms")).isEqualTo(two.transientData().get("terms"));
    assertThat(one.transientData().get("salt")).hasSize(32);
    assertThat(one.transientData().get("salt")).isNotEqualTo(two.transientData().get("salt"));
    assertThatThrownBy(() -> ContractCalls.step("LC-8", new Command.Issue(terms)))
        .isInstanceOfSatisfying(
            LcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void theListingsNameTheirFilters() {
    assertThat(ContractCalls.listByParty("shanghai", null, 20, null).args())
        .containsExactly("shanghai", "", "20", "");
    assertThat(ContractCalls.listByStatus(LcStatus.CLOSED, 5, "b1").args())
        .containsExactly("CLOSED", "5", "b1");
  }
}
