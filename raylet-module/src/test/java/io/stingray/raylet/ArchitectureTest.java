package io.stingray.raylet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of ARCHITECTURE.md, as rules over the compiled classes. */
class ArchitectureTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.stingray");

  @Test
  void theApiDependsOnNothingOfOurs() {
    classes()
        .that()
        .resideInAPackage("io.stingray.api..")
        .should()
        .onlyDependOnClassesThat()
        // javax.naming: the JDK's JNDI, where the CDI producer finds the application's context
        .resideInAnyPackage("java..", "javax.naming..", "jakarta..", "io.stingray.api..")
        .check(CLASSES);
  }

  @Test
  void theGcsKnowsNothingOfTheRaylet() {
    noClasses()
        .that()
        .resideInAPackage("io.stingray.gcs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.stingray.raylet..")
        .check(CLASSES);
  }

  @Test
  void theRayletDoesNotNeedJakartaEe() {
    noClasses()
        .that()
        .resideInAPackage("io.stingray.raylet..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta..")
        .check(CLASSES);
  }

  @Test
  void onlyThePlainJavaEntryPointsCreateThreads() {
    noClasses()
        .that()
        .resideInAPackage("io.stingray..")
        .and()
        .doNotHaveFullyQualifiedName(RayNode.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(RayNodeMain.class.getName())
        .should()
        .callConstructorWhere(
            DescribedPredicate.describe(
                "a Thread constructor",
                (JavaConstructorCall call) -> call.getTargetOwner().isAssignableTo(Thread.class)))
        .because("inside a server, threads come from the WorkManager the raylet is given")
        .check(CLASSES);
  }

  @Test
  void theRayletsPackagesDependOnEachOtherWithoutCycles() {
    slices()
        .matching("io.stingray.raylet.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a subsystem that needs a higher one owns a small interface the higher one fills")
        .check(CLASSES);
  }

  @Test
  void theRayletIsWiredByConstructorsNotBySetters() {
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.stingray.raylet..")
        .should()
        .haveName("attach")
        .because("Raylet wires its parts in one place, each given what it needs when made")
        .check(CLASSES);
  }

  @Test
  void theSubsystemsSpeakDomainTypesNotTheWireFormat() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.stingray.raylet.task..",
            "io.stingray.raylet.actor..",
            "io.stingray.raylet.placement..",
            "io.stingray.raylet.object..",
            "io.stingray.raylet.scheduler..",
            "io.stingray.raylet.context..",
            "io.stingray.raylet.runtime..",
            "io.stingray.raylet.serialization..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.stingray.raylet.rpc.proto..", "io.grpc..", "com.google.protobuf..")
        .because(
            "protobuf and gRPC types are converted where work leaves or enters the node (rpc,"
                + " cluster, inbound)")
        .check(CLASSES);
  }
}
