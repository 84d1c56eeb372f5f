package io.lcledger.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JSON arguments of the contract's steps, dated from today (the chaincode takes its time from
 * the transaction, so the terms must be valid now): shanghai issues, yangzhou advises and presents.
 */
final class Requests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  private Requests() {}

  /**
   * Today as the chaincode counts it (the domain's {@code Situation.BUSINESS_ZONE}, UTC+8): from
   * 16:00 UTC, already tomorrow.
   */
  static LocalDate today() {
    return LocalDate.now(ZoneOffset.ofHours(8));
  }

  /**
   * The maturity of documents received today, {@code days} later, rolled to the next business day
   * (顺延) by the business calendars the networks are given (the sandbox's, 2025 and 2026; other
   * years: weekends only).
   */
  static LocalDate maturity(int days) {
    return CALENDARS.onOrAfter(today().plusDays(days));
  }

  private static final BusinessCalendar CALENDARS =
      BusinessCalendar.loading(
          year -> {
            Path file = Path.of("../node/src/main/resources/sandbox/calendar-" + year + ".json");
            try {
              return Files.exists(file)
                  ? CanonicalJson.read(Files.readString(file), YearCalendar.class)
                  : null;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });

  /** A fresh LC number, unique across runs against the same network. */
  static String lcNumber(String prefix) {
    return "IT-" + prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
  }

  /** Terms of 1,000,000.00 CNY, partial drawings allowed, advised through yangzhou. */
  static String terms(String lcNumber, String paymentType) {
    ObjectNode t = JSON.createObjectNode();
    t.put("lcNumber", lcNumber);
    t.put("advisingBranch", "yangzhou");
    t.set(
        "applicant",
        JSON.createObjectNode().put("name", "上海申达贸易有限公司").put("uscc", "91310000132200821H"));
    t.set(
        "beneficiary",
        JSON.createObjectNode().put("name", "扬州远洋钢材有限公司").put("uscc", "91321003MA1WCB7N6N"));
    t.put("amount", "1000000.00");
    t.put("currency", "CNY");
    t.put("tolerancePercent", 5);
    t.put("expiryDate", today().plusDays(120).toString());
    t.put("expiryPlace", "扬州");
    t.put("latestShipmentDate", today().plusDays(60).toString());
    t.put("presentationPeriodDays", 15);
    ObjectNode payment = JSON.createObjectNode().put("type", paymentType);
    if (paymentType.equals("DEFERRED")) {
      payment.put("deferredDays", 90);
    }
    t.set("paymentTerms", payment);
    t.put("partialShipmentsAllowed", true);
    t.put("goodsDescription", "Cold-rolled steel coils, 200 t");
    ArrayNode docs = t.putArray("requiredDocuments");
    docs.addObject().put("type", "INVOICE").put("copies", 3);
    docs.addObject().put("type", "TRANSPORT_DOCUMENT").put("copies", 1);
    return t.toString();
  }

  /** A presentation of {@code amount}, shipped today, with one anchored invoice. */
  static String presentation(String amount) {
    ObjectNode p = JSON.createObjectNode();
    p.put("amount", amount);
    p.put("shipmentDate", today().toString());
    p.putArray("documents")
        .addObject()
        .put("documentId", "inv-" + SEQUENCE.incrementAndGet())
        .put("type", "INVOICE")
        .put("fileName", "invoice.pdf")
        .put("mediaType", "application/pdf")
        .put("size", 2048)
        .put("sha256", "a".repeat(64))
        .put("sm3", "b".repeat(64));
    return p.toString();
  }

  static String compliant(int presentationNo) {
    return object(Map.of("presentationNo", presentationNo, "result", "COMPLIANT"));
  }

  static String discrepant(int presentationNo, String discrepancy) {
    ObjectNode e = JSON.createObjectNode();
    e.put("presentationNo", presentationNo).put("result", "DISCREPANT");
    e.putArray("discrepancies").add(discrepancy);
    return e.toString();
  }

  static String refusal(int presentationNo, String discrepancy) {
    ObjectNode r = JSON.createObjectNode();
    r.put("presentationNo", presentationNo).put("documentDisposition", "RETURNING");
    r.putArray("discrepancies").add(discrepancy);
    return r.toString();
  }

  static String presentationNo(int presentationNo) {
    return object(Map.of("presentationNo", presentationNo));
  }

  static String payment(int presentationNo, String amount) {
    return object(
        Map.of(
            "presentationNo",
            presentationNo,
            "amount",
            amount,
            "paymentReference",
            "PAY-" + SEQUENCE.incrementAndGet()));
  }

  static String object(Map<String, ?> fields) {
    return JSON.valueToTree(fields).toString();
  }
}
