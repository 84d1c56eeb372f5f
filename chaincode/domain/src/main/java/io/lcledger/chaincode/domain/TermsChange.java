package io.lcledger.chaincode.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies an amendment's {@code changes} (field name to new value, as parsed from JSON) to LC
 * terms. Only the fields below may be amended; the parties, the banks, the currency and the way the
 * LC is available may not.
 */
final class TermsChange {
  enum Field {
    amount,
    tolerancePercent,
    expiryDate,
    expiryPlace,
    latestShipmentDate,
    presentationPeriodDays,
    partialShipmentsAllowed,
    goodsDescription,
    requiredDocuments,
    additionalConditions
  }

  private TermsChange() {}

  /** The changes in canonical form (sorted, typed values as they will be stored); validated. */
  static Map<String, Object> canonical(Map<String, Object> changes) {
    LcException.require(
        changes != null && !changes.isEmpty(),
        ErrorCode.INVALID_REQUEST,
        "an amendment changes at least one field");
    Map<String, Object> canonical = new TreeMap<>();
    for (Map.Entry<String, Object> change : changes.entrySet()) {
      Field field = field(change.getKey());
      canonical.put(field.name(), canonicalValue(field, change.getValue()));
    }
    return canonical;
  }

  /** {@code terms} with canonical {@code changes} applied. */
  static LcTerms apply(LcTerms t, Map<String, Object> changes) {
    LcTerms result = t;
    for (Map.Entry<String, Object> change : changes.entrySet()) {
      result =
          apply(
              result,
              field(change.getKey()),
              canonicalValue(field(change.getKey()), change.getValue()));
    }
    return result;
  }

  private static Field field(String name) {
    for (Field f : Field.values()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    String shown = name == null || name.length() > 40 ? "(a long name)" : name;
    throw new LcException(ErrorCode.NOT_AMENDABLE, "field cannot be amended: " + shown);
  }

  private static Object canonicalValue(Field field, Object value) {
    try {
      return switch (field) {
        case amount -> Money.parsePositive(text(field, value), "amount").toString();
        case expiryDate, latestShipmentDate -> LocalDate.parse(text(field, value)).toString();
        case expiryPlace, goodsDescription, additionalConditions -> text(field, value);
        case tolerancePercent, presentationPeriodDays -> integer(field, value);
        case partialShipmentsAllowed -> {
          if (!(value instanceof Boolean b)) {
            throw invalid(field);
          }
          yield b;
        }
        case requiredDocuments ->
            documents(value).stream()
                .map(
                    d ->
                        (Object)
                            new TreeMap<>(Map.of("type", d.type().name(), "copies", d.copies())))
                .toList();
      };
    } catch (DateTimeParseException e) {
      throw invalid(field);
    }
  }

  private static LcTerms apply(LcTerms t, Field field, Object v) {
    return t.with(
        b -> {
          switch (field) {
            case amount -> b.amount = Money.parse((String) v);
            case tolerancePercent -> b.tolerancePercent = (Integer) v;
            case expiryDate -> b.expiryDate = LocalDate.parse((String) v);
            case expiryPlace -> b.expiryPlace = (String) v;
            case latestShipmentDate -> b.latestShipmentDate = LocalDate.parse((String) v);
            case presentationPeriodDays -> b.presentationPeriodDays = (Integer) v;
            case partialShipmentsAllowed -> b.partialShipmentsAllowed = (Boolean) v;
            case goodsDescription -> b.goodsDescription = (String) v;
            case requiredDocuments -> b.requiredDocuments = documents(v);
            case additionalConditions -> b.additionalConditions = (String) v;
          }
        });
  }

  private static String text(Field field, Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid(field);
    }
    return s;
  }

  private static Integer integer(Field field, Object value) {
    if (!(value instanceof Integer i)) {
      throw invalid(field);
    }
    return i;
  }

  private static List<RequiredDocument> documents(Object value) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid(Field.requiredDocuments);
    }
    List<RequiredDocument> documents = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)
          || !(map.get("type") instanceof String type)
          || !(map.get("copies") instanceof Integer copies)) {
        throw invalid(Field.requiredDocuments);
      }
      try {
        documents.add(new RequiredDocument(DocumentType.valueOf(type), copies));
      } catch (IllegalArgumentException e) {
        throw invalid(Field.requiredDocuments);
      }
    }
    return List.copyOf(documents);
  }

  private static LcException invalid(Field field) {
    return new LcException(ErrorCode.INVALID_REQUEST, "invalid new value for " + field);
  }
}
