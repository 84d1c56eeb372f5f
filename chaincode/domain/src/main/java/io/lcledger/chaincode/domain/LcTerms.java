package io.lcledger.chaincode.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * The terms of a domestic LC: the minimum content of MT700 (fields 20, 31C/D, 32B, 39A, 41a, 42C/P,
 * 43P, 44C, 45A, 46A, 47A, 48). Amounts are {@link Money}; the currency is always CNY.
 */
public record LcTerms(
    String lcNumber,
    String advisingBranch,
    Party applicant,
    Party beneficiary,
    Money amount,
    String currency,
    int tolerancePercent,
    LocalDate expiryDate,
    String expiryPlace,
    LocalDate latestShipmentDate,
    Integer presentationPeriodDays,
    PaymentTerms paymentTerms,
    boolean partialShipmentsAllowed,
    String goodsDescription,
    List<RequiredDocument> requiredDocuments,
    String additionalConditions) {

  public static final String CURRENCY = "CNY";

  /** Days after shipment for presentation when the LC is silent (domestic practice). */
  public static final int DEFAULT_PRESENTATION_PERIOD_DAYS = 15;

  /**
   * Throws {@link ErrorCode#INVALID_LC_NUMBER} unless {@code lcNumber} is well formed. MT700 field
   * 20 allows 16 characters; domestic numbers run longer, so up to 35 here. No '/': the number is
   * one segment of every API path.
   */
  public static void validateLcNumber(String lcNumber) {
    Limits.lcNumber(lcNumber);
  }

  /** The presentation period in force: the LC's own, or the domestic default. */
  public int effectivePresentationPeriodDays() {
    return presentationPeriodDays != null
        ? presentationPeriodDays
        : DEFAULT_PRESENTATION_PERIOD_DAYS;
  }

  /** The most that may ever be honoured: amount plus tolerance, rounded down to the cent. */
  public Money maximumAmount() {
    return amount.plusPercent(tolerancePercent);
  }

  /** The least a single drawing may be where partial drawings are not allowed. */
  public Money minimumFullDrawing() {
    return amount.minusPercent(tolerancePercent);
  }

  public PaymentType paymentType() {
    return paymentTerms.type();
  }

  public String nominatedBranch() {
    return paymentTerms.nominatedBranch();
  }

  public LcTerms with(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /** A mutable copy used only to derive changed terms (an amendment, a default filled in). */
  public static final class Builder {
    public String lcNumber;
    public String advisingBranch;
    public Party applicant;
    public Party beneficiary;
    public Money amount;
    public String currency;
    public int tolerancePercent;
    public LocalDate expiryDate;
    public String expiryPlace;
    public LocalDate latestShipmentDate;
    public Integer presentationPeriodDays;
    public PaymentTerms paymentTerms;
    public boolean partialShipmentsAllowed;
    public String goodsDescription;
    public List<RequiredDocument> requiredDocuments;
    public String additionalConditions;

    Builder(LcTerms t) {
      lcNumber = t.lcNumber;
      advisingBranch = t.advisingBranch;
      applicant = t.applicant;
      beneficiary = t.beneficiary;
      amount = t.amount;
      currency = t.currency;
      tolerancePercent = t.tolerancePercent;
      expiryDate = t.expiryDate;
      expiryPlace = t.expiryPlace;
      latestShipmentDate = t.latestShipmentDate;
      presentationPeriodDays = t.presentationPeriodDays;
      paymentTerms = t.paymentTerms;
      partialShipmentsAllowed = t.partialShipmentsAllowed;
      goodsDescription = t.goodsDescription;
      requiredDocuments = t.requiredDocuments;
      additionalConditions = t.additionalConditions;
    }

    public LcTerms build() {
      return new LcTerms(
          lcNumber,
          advisingBranch,
          applicant,
          beneficiary,
          amount,
          currency,
          tolerancePercent,
          expiryDate,
          expiryPlace,
          latestShipmentDate,
          presentationPeriodDays,
          paymentTerms,
          partialShipmentsAllowed,
          goodsDescription,
          requiredDocuments,
          additionalConditions);
    }
  }
}
