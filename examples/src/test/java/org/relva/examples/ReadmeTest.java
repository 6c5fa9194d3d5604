package org.relva.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.Relva;
import org.relva.matchmaking.QueueDaemon;

/** The README's code for embedders compiles as written, and the README says how to run things. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");

  /** The first {@code ```java} block after {@code heading}. */
  static String javaBlockAfter(String readme, String heading) {
    int at = readme.indexOf(heading);
    assertThat(at).as("README has %s", heading).isNotNegative();
    int start = readme.indexOf("```java\n", at) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  @DisplayName("the 'Using the core' snippet compiles as written: imports shown, no undefined names")
  void usingTheCoreSnippet_compiles(@TempDir Path dir) throws Exception {
    String snippet = javaBlockAfter(Files.readString(README), "## Using the core");
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, snippet);
    String classPath = Stream.of(location(Relva.class), location(QueueDaemon.class),
        location(ImmutableList.class)).collect(Collectors.joining(File.pathSeparator));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source.toFile());
      boolean ok = javac.getTask(errors, files, null, List.of("-proc:none", "-Xlint:all",
          "-classpath", classPath, "-d", dir.toString()), null, units).call();
      assertThat(ok).as("javac says:%n%s", errors).isTrue();
    }
    assertThat(snippet).contains("relva.tick()").contains("import org.relva.core.Relva;");
  }

  @Test
  @DisplayName("the README runs the example with one command and says how to depend on Relva")
  void readmeRunsTheExampleAndGivesCoordinates() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains("java -jar examples/target/relva-example.jar")
        .contains("<artifactId>relva-core</artifactId>")
        .contains("<artifactId>relva-matchmaking</artifactId>")
        .contains("mvn -B -ntp install -DskipTests");
    assertThat(Files.exists(Path.of("src", "main", "java", "org", "relva", "examples",
        "EmbeddedEvening.java"))).isTrue();
  }
}
