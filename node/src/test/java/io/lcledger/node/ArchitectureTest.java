package io.lcledger.node;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lcledger.node.ledger.Ledger;
import org.junit.jupiter.api.Test;

/** The node's layout, as rules the build checks. */
class ArchitectureTest {
  static final JavaClasses NODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.lcledger.node");

  @Test
  void noPackageDependsOnAnotherInALoop() {
    slices().matching("io.lcledger.node.(**)").should().beFreeOfCycles().check(NODE);
  }

  @Test
  void onlyTheUseCasesCallTheLedgerPort() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.lcledger.node.lc..", "io.lcledger.node.ledger..")
        .should()
        .callMethodWhere(target(owner(type(Ledger.class))))
        .check(NODE);
  }

  @Test
  void theLedgerFamiliesKnowNothingOfTheWebOrTheUseCases() {
    noClasses()
        .that()
        .resideInAPackage("io.lcledger.node.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.lcledger.node.lc..",
            "io.lcledger.node.web..",
            "io.lcledger.node.portal..",
            "io.lcledger.node.audit..",
            "io.lcledger.node.events..")
        .check(NODE);
  }

  @Test
  void theDocumentStoreKnowsNoHttp() {
    noClasses()
        .that()
        .resideInAPackage("io.lcledger.node.documents..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lcledger.node.web..", "org.springframework.http..")
        .check(NODE);
  }

  @Test
  void controllersNameNoContractTransaction() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.lcledger.node.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lcledger.chaincode.contract..")
        .check(NODE);
  }
}
