package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Network administration, run at deployment and when holidays are published: which MSP is which
 * branch, who audits, and each year's business calendar (holidays and 调休 working days).
 */
@Contract(name = "network", info = @Info(title = "LC network administration", version = "0.1.0"))
public final class NetworkContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String configure(Context ctx, String configJson) {
    return Transactions.run(
        () -> {
          LcLedger ledger = new LcLedger(ctx.getStub());
          Callers.requireNetworkAdmin(ctx, ledger.config());
          NetworkConfig config = CanonicalJson.read(configJson, NetworkConfig.class);
          config.validate();
          ledger.saveConfig(config);
          ctx.getStub().setEvent("NetworkConfigured", CanonicalJson.bytes(config));
          return CanonicalJson.string(config);
        });
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setCalendar(Context ctx, String calendarJson) {
    return Transactions.run(
        () -> {
          LcLedger ledger = new LcLedger(ctx.getStub());
          Callers.requireNetworkAdmin(ctx, LetterOfCreditContract.requireConfig(ledger));
          YearCalendar calendar = CanonicalJson.read(calendarJson, YearCalendar.class);
          ledger.saveCalendar(calendar);
          ctx.getStub().setEvent("CalendarSet", CanonicalJson.bytes(calendar));
          return CanonicalJson.string(calendar);
        });
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getConfig(Context ctx) {
    return Transactions.run(
        () ->
            CanonicalJson.string(
                LetterOfCreditContract.requireConfig(new LcLedger(ctx.getStub()))));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCalendar(Context ctx, String year) {
    return Transactions.run(
        () -> {
          try {
            YearCalendar calendar =
                new LcLedger(ctx.getStub()).calendarYear(Integer.parseInt(year));
            if (calendar == null) {
              throw new LcException(ErrorCode.INVALID_CALENDAR, "no calendar for " + year);
            }
            return CanonicalJson.string(calendar);
          } catch (NumberFormatException e) {
            throw new LcException(ErrorCode.INVALID_REQUEST, "year must be a number");
          }
        });
  }
}
