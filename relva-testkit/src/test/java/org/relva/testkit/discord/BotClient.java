package org.relva.testkit.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * A bare client of the fake Discord, for testing the fake itself: REST over OkHttp, the gateway
 * over an OkHttp WebSocket, JSON with Jackson's tree model. It knows only HTTP, WebSocket and
 * JSON, as the fake does. Closing it cancels every gateway connection it opened.
 */
final class BotClient implements AutoCloseable {
  /** How long a test waits for something that should come at once. */
  static final Duration WAIT = Duration.ofSeconds(5);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(10)).build();

  private final LocalDiscord discord;
  private final List<Gateway> gateways = new ArrayList<>();

  BotClient(LocalDiscord discord) {
    this.discord = discord;
  }

  /** An HTTP answer: its status, headers and JSON body (a missing node when it had none). */
  record Reply(int status, Headers headers, JsonNode body) {
    @Nullable String header(String name) {
      return headers.get(name);
    }

    int code() {
      return body.path("code").asInt(-1);
    }
  }

  String auth() {
    return "Bot " + discord.token();
  }

  Reply get(String route) {
    return call("GET", route, null, auth());
  }

  Reply put(String route, @Nullable String json) {
    return call("PUT", route, json, auth());
  }

  Reply post(String route, String json) {
    return call("POST", route, json, auth());
  }

  Reply patch(String route, String json) {
    return call("PATCH", route, json, auth());
  }

  Reply delete(String route) {
    return call("DELETE", route, null, auth());
  }

  /** {@code route} is relative to {@code /api/v10/}, and may carry a query. */
  Reply call(String method, String route, @Nullable String json,
      @Nullable String authorization) {
    return send(request(method, discord.restUrl() + route, json, authorization));
  }

  /** A request to {@code absolutePath} on the fake's port, outside the API's prefix too. */
  Reply callPath(String method, String absolutePath) {
    String base = discord.restUrl();
    String origin = base.substring(0, base.indexOf("/api/v10/"));
    return send(request(method, origin + absolutePath, null, auth()));
  }

  /** The call for {@code method route}, for tests that run it asynchronously. */
  Call newCall(String method, String route, @Nullable String json) {
    return HTTP.newCall(request(method, discord.restUrl() + route, json, auth()));
  }

  static Request request(String method, String url, @Nullable String json,
      @Nullable String authorization) {
    Request.Builder request = new Request.Builder().url(url);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    RequestBody body = json == null ? null : RequestBody.create(json, APPLICATION_JSON);
    if (body == null && (method.equals("PUT") || method.equals("POST")
        || method.equals("PATCH"))) {
      body = RequestBody.create("", APPLICATION_JSON);
    }
    return request.method(method, body).build();
  }

  private static Reply send(Request request) {
    try (Response response = HTTP.newCall(request).execute()) {
      return reply(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply reply(Response response) throws IOException {
    ResponseBody body = response.body();
    String text = body == null ? "" : body.string();
    return new Reply(response.code(), response.headers(), text.isEmpty()
        ? MissingNode.getInstance() : parse(text));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Opens a gateway connection, as a client does: {@code ?encoding=json&v=10}. */
  Gateway connect() {
    Gateway gateway = new Gateway();
    gateway.socket = HTTP.newWebSocket(new Request.Builder()
        .url(discord.gatewayUrl() + "?encoding=json&v=10").build(), gateway);
    gateways.add(gateway);
    return gateway;
  }

  /** Connects and reads HELLO, op 10: the connection waits for an IDENTIFY or a RESUME. */
  Gateway connectAndHello() {
    Gateway gateway = connect();
    gateway.expectOp(10);
    return gateway;
  }

  /** Connects, reads HELLO, identifies, and reads READY and GUILD_CREATE. */
  Gateway identify() {
    Gateway gateway = connectAndHello();
    gateway.sendIdentify(discord.token());
    gateway.nextDispatch("READY");
    gateway.nextDispatch("GUILD_CREATE");
    return gateway;
  }

  /**
   * Has the fake drop {@code current} (close 4000), waits until it is closed, and opens a new
   * connection up to its HELLO, ready for a RESUME.
   */
  Gateway dropAndReconnect(Gateway current) {
    discord.dropGateway();
    current.awaitClose();
    return connectAndHello();
  }

  /**
   * Identifies, has the fake drop that connection, and sends a RESUME of its session with
   * {@code token} and {@code seq} on a new one, which it returns.
   */
  Gateway resumeAfterDrop(String token, @Nullable Integer seq) {
    Gateway first = identify();
    Gateway second = dropAndReconnect(first);
    second.sendResume(first.sessionId(), token, seq);
    return second;
  }

  /** As {@link #identify()}, asking for {@code intents}. */
  Gateway identify(long intents) {
    Gateway gateway = connectAndHello();
    gateway.send(identifyFrame(discord.token()).replace("\"intents\":513",
        "\"intents\":" + intents));
    gateway.nextDispatch("READY");
    gateway.nextDispatch("GUILD_CREATE");
    return gateway;
  }

  /**
   * Connects, reads HELLO and sends an IDENTIFY whose {@code shard} is {@code shard}, raw JSON
   * (so a test can send a bad one); reads nothing after.
   */
  Gateway identifyShard(String shard) {
    Gateway gateway = connectAndHello();
    gateway.send(identifyFrame(discord.token()).replace("\"intents\":513",
        "\"intents\":513,\"shard\":" + shard));
    return gateway;
  }

  private static String identifyFrame(String token) {
    return "{\"op\":2,\"d\":{\"token\":" + json(token) + ",\"intents\":513,"
        + "\"properties\":{\"os\":\"linux\",\"browser\":\"relva\",\"device\":\"relva\"}}}";
  }

  /** A RESUME, op 6; a null {@code seq} is sent as JSON null. */
  private static String resumeFrame(String sessionId, String token, @Nullable Integer seq) {
    return "{\"op\":6,\"d\":{\"session_id\":" + json(sessionId) + ",\"token\":" + json(token)
        + ",\"seq\":" + seq + "}}";
  }

  @Override
  public void close() {
    gateways.forEach(Gateway::close);
  }

  /** One gateway connection, its frames queued as they arrive. */
  static final class Gateway extends WebSocketListener {
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private @Nullable WebSocket socket;
    /** The last sequence number this connection saw, as a client tracks it for RESUME. */
    int lastSeq = -1;
    /** The session id of the last READY this connection saw, as a client keeps it for RESUME. */
    private @Nullable String sessionId;

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      frames.add(parse(text));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      closeCodes.add(code);
      webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, @Nullable Response response) {
      failures.add(failure);
    }

    void send(String frame) {
      if (socket == null || !socket.send(frame)) {
        throw new AssertionError("could not send " + frame);
      }
    }

    /** Sends IDENTIFY, op 2, with {@code token}. */
    void sendIdentify(String token) {
      send(identifyFrame(token));
    }

    /** Sends RESUME, op 6, of {@code sessionId} with {@code token} and {@code seq}. */
    void sendResume(String sessionId, String token, @Nullable Integer seq) {
      send(resumeFrame(sessionId, token, seq));
    }

    /** Sends a heartbeat, op 1, with the last sequence number seen. */
    void sendHeartbeat() {
      send("{\"op\":1,\"d\":" + lastSeq + "}");
    }

    /** The session id of the READY read on this connection; fails if none was read. */
    String sessionId() {
      if (sessionId == null) {
        throw new AssertionError("no READY read on this connection");
      }
      return sessionId;
    }

    /** The next frame, or null if none came within {@code timeout}. */
    @Nullable JsonNode poll(Duration timeout) {
      try {
        JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame != null && frame.path("s").isInt()) {
          lastSeq = frame.path("s").asInt();
        }
        if (frame != null && frame.path("op").asInt(-1) == 0
            && frame.path("t").asText().equals("READY")) {
          sessionId = frame.path("d").path("session_id").asText();
        }
        return frame;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** The next frame; fails if none came at once. */
    JsonNode next() {
      JsonNode frame = poll(WAIT);
      if (frame == null) {
        throw new AssertionError("no gateway frame within " + WAIT + "; failures: " + failures
            + "; close codes: " + closeCodes);
      }
      return frame;
    }

    /** The next frame, which must have opcode {@code op}. */
    JsonNode expectOp(int op) {
      JsonNode frame = next();
      if (frame.path("op").asInt(-1) != op) {
        throw new AssertionError("expected op " + op + ", got " + frame);
      }
      return frame;
    }

    /** The next dispatch of {@code type}, skipping other frames. */
    JsonNode nextDispatch(String type) {
      List<JsonNode> skipped = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode frame = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (frame == null) {
          break;
        }
        if (frame.path("op").asInt(-1) == 0 && frame.path("t").asText().equals(type)) {
          return frame;
        }
        skipped.add(frame);
      }
      throw new AssertionError("no " + type + " dispatch within " + WAIT + "; skipped " + skipped
          + "; failures: " + failures + "; close codes: " + closeCodes);
    }

    /** The close code the server closed this connection with. */
    int awaitClose() {
      try {
        Integer code = closeCodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (code == null) {
          throw new AssertionError("the server did not close the connection within " + WAIT
              + "; failures: " + failures + "; unread frames: " + frames);
        }
        return code;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** Failures OkHttp reported on this connection, without waiting. */
    List<Throwable> failures() {
      return List.copyOf(failures);
    }

    /** Frames received and not read yet, without waiting. */
    List<JsonNode> unread() {
      return List.copyOf(frames);
    }

    void close() {
      if (socket != null) {
        socket.cancel();
      }
    }
  }
}
