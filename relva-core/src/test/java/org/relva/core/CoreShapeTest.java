package org.relva.core;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus;

/**
 * The core's inner shape: {@link Guard} alone owns the lock and runs the effects ({@link Relva}'s
 * operations each call through it), and the parts it runs under the lock never reach the channel
 * port or the event bus themselves, only queue effects. Together these keep foreign code from
 * ever running under the lock.
 */
class CoreShapeTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.relva.core");
  private static final String GUARD = "org\\.relva\\.core\\.Guard(\\$.*)?";
  private static final String RELVA_OR_EFFECTS = "org\\.relva\\.core\\.(Relva|Effects)(\\$.*)?";

  @Test
  @DisplayName("only the Guard touches a lock")
  void onlyTheGuardTouchesTheLock() {
    noClasses().that().resideInAPackage("org.relva.core").and().haveNameNotMatching(GUARD)
        .should().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks")
        .check(CORE);
  }

  @Test
  @DisplayName("only the Guard releases, drops and runs the queued effects")
  void onlyTheGuardRunsEffects() {
    noClasses().that().haveNameNotMatching(GUARD)
        .should().callMethod(Effects.class, "run")
        .orShould().callMethod(Effects.class, "release")
        .orShould().callMethod(Effects.class, "discard")
        .check(CORE);
  }

  @Test
  @DisplayName("the parts never call the channel port or the event bus; they queue effects")
  void partsNeverCallTheChannelPortOrTheBus() {
    noClasses().that().resideInAPackage("org.relva.core")
        .and().haveNameNotMatching(RELVA_OR_EFFECTS)
        .and().haveNameNotMatching("org\\.relva\\.core\\.PartyChannels(\\$.*)?")
        .should().callMethodWhere(target(owner(
            assignableTo(PartyChannels.class).or(assignableTo(EventBus.class)))))
        .check(CORE);
  }

  @Test
  @DisplayName("the parts are package-private: Relva is the core's one way in")
  void partsArePackagePrivate() {
    for (Class<?> part : new Class<?>[] {Access.class, Context.class, Effects.class, Guard.class,
        MapVotes.class, Substitutes.class,
        Ids.class,
        JoinCodeGuard.class, Moderation.class, Parties.class, QueueBlocks.class, QueueIndex.class,
        Journaling.class, Queueing.class, ReadyChecks.class, StateCheck.class, StoreWrites.class}) {
      assertThat(CORE.get(part).getModifiers()).as(part.getSimpleName())
          .doesNotContain(JavaModifier.PUBLIC);
    }
  }
}
