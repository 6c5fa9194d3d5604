package org.relva.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The module's shape: one public way in, and no Discord. */
class StoreShapeTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.relva.store");

  @Test
  @DisplayName("RelvaStore (with its Durability, Builder, CommitListener and FenceListener) is "
      + "the only public "
      + "type, beside the ServerLeases interface (and its LostListener) it makes")
  void onePublicEntry() {
    assertThat(CLASSES.contain(SqliteBackend.class)).isTrue();
    assertThat(CLASSES.contain(PostgresServerLeases.class)).isTrue();
    classes().that().haveModifier(JavaModifier.PUBLIC)
        .should().haveFullyQualifiedName(RelvaStore.class.getName())
        .orShould().haveFullyQualifiedName(RelvaStore.Durability.class.getName())
        .orShould().haveFullyQualifiedName(RelvaStore.Builder.class.getName())
        .orShould().haveFullyQualifiedName(RelvaStore.CommitListener.class.getName())
        .orShould().haveFullyQualifiedName(RelvaStore.FenceListener.class.getName())
        .orShould().haveFullyQualifiedName(ServerLeases.class.getName())
        .orShould().haveFullyQualifiedName(ServerLeases.LostListener.class.getName())
        .check(CLASSES);
  }

  @Test
  @DisplayName("the store knows no Discord, no bot and no metrics library (the bot binds its "
      + "commit hook)")
  void noDiscord() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("net.dv8tion..", "org.relva.discord..", "io.micrometer..")
        .check(CLASSES);
  }
}
