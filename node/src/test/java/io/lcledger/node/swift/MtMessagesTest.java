package io.lcledger.node.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.prowidesoftware.swift.model.mt.mt7xx.MT700;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.node.web.ApiException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MT700 out and in with Prowide Core: terms written as an MT700 read back as the same terms, on
 * chosen and on random terms; what an MT700 cannot carry or the node cannot map is refused naming
 * the field.
 */
class MtMessagesTest {
  final MtMessages mt = new MtMessages(new SwiftProperties(null));

  static LcTerms terms(String number, PaymentTerms payment) {
    return new LcTerms(
        number,
        "yangzhou",
        new Party("SHANGHAI SHENDA TRADING CO LTD", "91310000132200821H"),
        new Party("YANGZHOU OCEAN STEEL CO LTD", "91321003MA1WCB7N6N"),
        Money.parse("1000000.00"),
        "CNY",
        5,
        LocalDate.parse("2026-06-30"),
        "YANGZHOU",
        LocalDate.parse("2026-06-15"),
        15,
        payment,
        true,
        "COLD-ROLLED STEEL COILS, 200 T",
        List.of(
            new RequiredDocument(DocumentType.INVOICE, 3),
            new RequiredDocument(DocumentType.TRANSPORT_DOCUMENT, 1)),
        "DOCUMENTS IN CHINESE OR ENGLISH");
  }

  @Test
  void anMt700CarriesTheTermsInTheFieldsOfTheStandardAndReadsBackAsThem() {
    LcTerms terms = terms("LC2026-0001", new PaymentTerms(PaymentType.DEFERRED, 90, null));
    String fin = mt.mt700(terms, "shanghai", LocalDate.parse("2026-03-02"));

    MT700 parsed = MT700.parse(fin);
    assertThat(parsed.getSender()).startsWith("BOSHCNSH");
    assertThat(parsed.getField20().getValue()).isEqualTo("LC2026-0001");
    assertThat(parsed.getField31C().getValue()).isEqualTo("260302");
    assertThat(parsed.getField31D().getValue()).isEqualTo("260630YANGZHOU");
    assertThat(parsed.getField32B().getValue()).isEqualTo("CNY1000000,");
    assertThat(parsed.getField39A().getValue()).isEqualTo("5/5");
    assertThat(parsed.getField41A().getValue()).endsWith("BY DEF PAYMENT");
    assertThat(parsed.getField42P().getValue()).isEqualTo("90 DAYS AFTER RECEIPT OF DOCUMENTS");
    assertThat(parsed.getField43P().getValue()).isEqualTo("ALLOWED");
    assertThat(parsed.getField44C().getValue()).isEqualTo("260615");
    assertThat(parsed.getField46A().getValue()).contains("+INVOICE IN 3 COPIES");
    assertThat(parsed.getField48().getValue()).isEqualTo("15");
    assertThat(parsed.getField49().getValue()).isEqualTo("WITHOUT");
    assertThat(parsed.getField50().getValue()).endsWith("USCC 91310000132200821H");

    assertThat(mt.readMt700(fin, "shanghai")).isEqualTo(terms);
  }

  @Test
  void randomTermsReadBackAsThemselves() {
    SplittableRandom random = new SplittableRandom(20261206);
    for (int i = 0; i < 300; i++) {
      LcTerms terms = randomTerms(random, i);
      String fin = mt.mt700(terms, "shanghai", LocalDate.parse("2026-03-02"));
      assertThat(mt.readMt700(fin, "shanghai")).as(fin).isEqualTo(terms);
    }
  }

  static LcTerms randomTerms(SplittableRandom r, int i) {
    PaymentType type = PaymentType.values()[r.nextInt(3)];
    PaymentTerms payment =
        switch (type) {
          case SIGHT -> new PaymentTerms(type, null, null);
          case DEFERRED -> new PaymentTerms(type, 1 + r.nextInt(365), null);
          case NEGOTIATION -> new PaymentTerms(type, null, "forfaiter");
        };
    List<RequiredDocument> docs = new ArrayList<>();
    for (DocumentType d : DocumentType.values()) {
      if (r.nextBoolean()) {
        docs.add(new RequiredDocument(d, 1 + r.nextInt(9)));
      }
    }
    LocalDate expiry = LocalDate.parse("2026-04-01").plusDays(r.nextInt(600));
    String cents = String.format("%02d", r.nextInt(100));
    return new LcTerms(
        "LC-" + i + "." + r.nextInt(1000),
        "yangzhou",
        new Party(words(r, 1 + r.nextInt(8)), "91310000132200821H"),
        new Party(words(r, 1 + r.nextInt(8)), "91321003MA1WCB7N6N"),
        Money.parse((1 + r.nextLong(9_999_999_999L)) + "." + cents),
        "CNY",
        r.nextInt(11),
        expiry,
        words(r, 1 + r.nextInt(3)).replace(' ', '-'),
        expiry.minusDays(r.nextInt(30)),
        1 + r.nextInt(60),
        payment,
        r.nextBoolean(),
        words(r, 1 + r.nextInt(10)),
        docs,
        r.nextBoolean() ? null : words(r, 1 + r.nextInt(6)));
  }

  static final String[] WORDS = {
    "STEEL",
    "COILS",
    "CO",
    "LTD",
    "TRADING",
    "(SHANGHAI)",
    "200",
    "T.",
    "GRADE-A",
    "PORT",
    "ROAD",
    "NO.7",
    "+5",
    "INDUSTRY",
    "'OCEAN'",
    "EXPORT/IMPORT",
    "?",
    ":",
    "QUALITY,",
    "(HK)"
  };

  static String words(SplittableRandom r, int n) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      w.add(WORDS[r.nextInt(WORDS.length)]);
    }
    return String.join(" ", w);
  }

  @Test
  void chineseTextCannotBeSentAsMtAndTheRefusalNamesEachField() {
    LcTerms chinese =
        terms("LC-CN", new PaymentTerms(PaymentType.SIGHT, null, null))
            .with(
                b -> {
                  b.applicant = new Party("上海申达贸易有限公司", "91310000132200821H");
                  b.goodsDescription = "冷轧钢卷";
                });
    assertThatThrownBy(() -> mt.mt700(chinese, "shanghai", LocalDate.parse("2026-03-02")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("MT_NOT_REPRESENTABLE");
              assertThat(e.errors()).extracting(m -> m.get("field")).contains("50", "45A");
            });
  }

  String valid() {
    return mt.mt700(
        terms("LC-IN", new PaymentTerms(PaymentType.SIGHT, null, null)),
        "shanghai",
        LocalDate.parse("2026-03-02"));
  }

  static Stream<Arguments> badMt700s() {
    return Stream.of(
        Arguments.of("a bad expiry date", ":31D:260630YANGZHOU", ":31D:261340YANGZHOU", "31D"),
        Arguments.of("a bad amount", ":32B:CNY1000000,", ":32B:CNY1.000.000,00", "32B"),
        Arguments.of("another currency", ":32B:CNY1000000,", ":32B:USD1000000,", "32B"),
        Arguments.of("a field it cannot map", ":49:WITHOUT", ":49:WITHOUT\r\n:42C:AT SIGHT", "42C"),
        Arguments.of(
            "a character outside the X set",
            ":45A:COLD-ROLLED STEEL COILS, 200 T",
            ":45A:COLD-ROLLED STEEL COILS * 200 T",
            "45A"),
        Arguments.of("an asymmetric tolerance", ":39A:5/5", ":39A:5/10", "39A"),
        Arguments.of("a confirmation", ":49:WITHOUT", ":49:CONFIRM", "49"),
        Arguments.of("no credit code", "USCC 91310000132200821H", "91310000132200821H", "50"),
        Arguments.of(
            "an unknown document", "+INVOICE IN 3 COPIES", "+PACKING LIST IN 3 COPIES", "46A"),
        Arguments.of("no LC number", ":20:LC-IN\r\n", "", "20"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMt700s")
  void aBadMt700IsRefusedNamingTheField(String what, String from, String to, String field) {
    String fin = valid();
    assertThat(fin).contains(from);
    String bad = fin.replace(from, to);
    assertThatThrownBy(() -> mt.readMt700(bad, "shanghai"))
        .as(what)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(422);
              assertThat(e.code()).isEqualTo("INVALID_MT_MESSAGE");
              assertThat(e.errors()).extracting(m -> m.get("field")).contains(field);
            });
  }

  @Test
  void notAnMtMessageAnotherTypeOrAnotherSenderAreRefused() {
    for (String garbage : List.of("", "hello", "{1:F01}", "{\"lcNumber\":\"X\"}")) {
      assertThatThrownBy(() -> mt.readMt700(garbage, "shanghai"))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_MT_MESSAGE"));
    }
    assertThatThrownBy(() -> mt.readMt700(valid(), "yangzhou"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.errors()).extracting(m -> m.get("field")).contains("block1"));
    assertThatThrownBy(() -> mt.readMt700(valid().replace("{2:I700", "{2:I799"), "shanghai"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.errors()).extracting(m -> m.get("field")).contains("block2"));
    assertThatThrownBy(() -> mt.readMt700("x".repeat(MtMessages.MAX_LENGTH + 1), "shanghai"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
  }

  @Test
  void anLcNumberLongerThanField20IsNotRepresentable() {
    assertThatThrownBy(
            () ->
                mt.mt700(
                    terms("LC-" + "9".repeat(20), new PaymentTerms(PaymentType.SIGHT, null, null)),
                    "shanghai",
                    LocalDate.parse("2026-03-02")))
        .isInstanceOf(ApiException.class);
  }
}
