package org.relva.testkit.discord;

import static org.relva.testkit.discord.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Writes every exchange of a {@link LocalDiscord} to a JSON Lines file, one object a line, for
 * debugging a test: {@code {"kind":"rest",...}}, {@code {"kind":"gateway_out","frame":...}},
 * {@code {"kind":"gateway_in","frame":...}} and {@code {"kind":"gateway_close",...}}. Turned on
 * by {@link LocalDiscord.Builder#capture} or the system property {@code relva.discord.capture};
 * when off there is no capture object at all, so it costs one null check. Each line is flushed as
 * it is written, so a test that hangs still leaves what happened. Thread-safe: writes are
 * synchronized.
 */
final class Capture {
  static final String PROPERTY = "relva.discord.capture";

  private final BufferedWriter out;

  private Capture(BufferedWriter out) {
    this.out = out;
  }

  /** The file the system property names, if it names one. */
  static @Nullable Path fromSystemProperty() {
    String file = System.getProperty(PROPERTY);
    return file == null || file.isBlank() ? null : Path.of(file);
  }

  /** A capture into {@code file} (emptied first), or null if {@code file} is null. */
  static @Nullable Capture open(@Nullable Path file) {
    if (file == null) {
      return null;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new Capture(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the capture file " + file, e);
    }
  }

  void rest(String method, String path, @Nullable String query, @Nullable JsonNode request,
      int status, @Nullable JsonNode response) {
    write(Json.write(obj("kind", "rest", "method", method, "path", path, "query", query,
        "request_body", request, "status", status, "response_body", response)));
  }

  /** A frame the fake sent; frames are JSON already, so they are written as they are. */
  void gatewayOut(String frame) {
    write("{\"kind\":\"gateway_out\",\"frame\":" + frame + "}");
  }

  /** A frame the fake received; one that is not JSON is written as a string. */
  void gatewayIn(String frame) {
    JsonNode parsed;
    try {
      parsed = Json.parse(frame);
    } catch (IllegalArgumentException e) {
      parsed = TextNode.valueOf(frame);
    }
    write(Json.write(obj("kind", "gateway_in", "frame", parsed)));
  }

  void gatewayClose(int code, String reason) {
    write(Json.write(obj("kind", "gateway_close", "code", code, "reason", reason)));
  }

  private synchronized void write(String line) {
    try {
      out.write(line);
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the capture", e);
    }
  }

  synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the capture", e);
    }
  }
}
