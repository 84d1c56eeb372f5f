package io.lcledger.node.lc.web;

import io.lcledger.chaincode.domain.Step;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The LC steps an endpoint takes (one, or those its body chooses between, all by the same role):
 * who may call it is decided from them before its body is read ({@link StepAuthorisation}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface TakesStep {
  Step[] value();
}
