package org.relva.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The core's boundaries: it may use only the JDK, Guava and JSpecify, which rules out JDA and any
 * other Discord library by construction, and its packages form no cycle.
 */
class BoundaryTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.relva.core");

  @Test
  @DisplayName("relva-core depends on nothing but the JDK, Guava and JSpecify (so never on Discord)")
  void coreDependsOnlyOnAllowedLibraries() {
    classes().that().resideInAPackage("org.relva.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "java..", "org.relva.core..", "com.google.common..", "org.jspecify.annotations..")
        .check(CORE);
  }

  @Test
  @DisplayName("relva-core's packages form no cycle")
  void corePackagesAreFreeOfCycles() {
    slices().matching("org.relva.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  @DisplayName("the import found the core's classes, so the rules above checked something")
  void importFoundTheCore() {
    org.assertj.core.api.Assertions.assertThat(CORE.contain(Relva.class)).isTrue();
    org.assertj.core.api.Assertions.assertThat(CORE.size()).isGreaterThan(20);
  }
}
