package org.relva.matchmaking;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The module's boundaries, checked rather than hoped for. */
class BoundaryTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.relva.matchmaking");

  @Test
  @DisplayName("matchmaking depends only on the JDK, Guava, JSpecify and the core: never Discord")
  void onlyAllowedDependencies() {
    classes().that().resideInAPackage("org.relva.matchmaking..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.relva.core..",
            "org.relva.matchmaking..", "com.google.common..", "org.jspecify.annotations..")
        .check(CLASSES);
  }

  @Test
  @DisplayName("the import found the module's classes, so the rules above checked something")
  void importFoundTheModule() {
    assertThat(CLASSES.contain(QueueDaemon.class)).isTrue();
    assertThat(CLASSES.size()).isGreaterThan(20);
  }

  @Test
  @DisplayName("the API package knows the built-ins only through ServiceLoader")
  void apiDoesNotDependOnBuiltIns() {
    noClasses().that().resideInAPackage("org.relva.matchmaking")
        .should().dependOnClassesThat().resideInAPackage("org.relva.matchmaking.builtin..")
        .check(CLASSES);
  }

  @Test
  @DisplayName("matchmaking's packages form no cycle")
  void noCycles() {
    slices().matching("org.relva.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
