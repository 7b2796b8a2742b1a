package io.mediakeep.worker;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The processing core sees no Kafka, AWS, jOOQ or JDBC; the Kafka adapter goes to the database only
 * through the core; no two packages depend on each other; contracts see nothing of the worker; only
 * the local stack's package reaches the embedded servers, which mediakeep.jar leaves out.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mediakeep");

  @Test
  void coreKnowsNoInfrastructure() {
    noClasses()
        .that()
        .resideInAPackage("io.mediakeep.worker.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "software.amazon..",
            "org.jooq..",
            "java.sql..",
            "javax.sql..",
            "io.mediakeep.db..",
            "io.micrometer..",
            "org.apache.hc..",
            "io.mediakeep.worker.kafka..",
            "io.mediakeep.worker.fetch..",
            "io.mediakeep.worker.store..",
            "io.mediakeep.worker.db..")
        .check(CLASSES);
  }

  @Test
  void theKafkaAdapterDoesNotReachIntoTheDatabaseAdapter() {
    noClasses()
        .that()
        .resideInAPackage("io.mediakeep.worker.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.mediakeep.worker.db..", "org.jooq..", "java.sql..", "javax.sql..")
        .because("records reach the database through the core's ports, never around them")
        .check(CLASSES);
  }

  @Test
  void packagesHaveNoCycles() {
    slices()
        .matching("io.mediakeep.(**)")
        .should()
        .beFreeOfCycles()
        // jOOQ's generated classes refer to each other by design; they are not ours to shape.
        .ignoreDependency(resideInAPackage("io.mediakeep.db.jooq.."), alwaysTrue())
        .check(CLASSES);
  }

  @Test
  void contractsSeeNothingOfTheWorker() {
    noClasses()
        .that()
        .resideInAPackage("io.mediakeep.contracts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.mediakeep.worker..", "io.mediakeep.db..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void theProductionArtifactNeedsNothingOfTheLocalStack() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.mediakeep.worker.local..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.mediakeep.worker.local..",
            "kafka..",
            "org.apache.kafka.server..",
            "org.apache.kafka.raft..",
            "org.apache.kafka.metadata..",
            "scala..",
            "org.gaul..",
            "org.eclipse.jetty..",
            "io.zonky..")
        .because("mediakeep.jar leaves out io.mediakeep.worker.local and the embedded servers")
        .check(CLASSES);
  }
}
