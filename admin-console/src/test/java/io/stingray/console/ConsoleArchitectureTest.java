package io.stingray.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The console is a client of the API and its admin SPI, nothing more of the runtime. */
class ConsoleArchitectureTest {
  @Test
  void theConsoleDependsOnTheApiAndTheAdminSpiOnly() {
    JavaClasses console =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stingray.console");
    classes()
        .that()
        .resideInAPackage("io.stingray.console..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax..",
            "jakarta..",
            "org.eclipse.microprofile..",
            "io.stingray.console..",
            "io.stingray.api",
            "io.stingray.api.exception..",
            "io.stingray.api.admin..")
        .because(
            "the console finds its node through the admin SPI the adapter binds in JNDI, so it"
                + " builds and deploys against the API alone")
        .check(console);
  }
}
