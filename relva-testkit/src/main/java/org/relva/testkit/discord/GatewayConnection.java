package org.relva.testkit.discord;

import static org.relva.testkit.discord.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection to the fake gateway: HELLO on open, then IDENTIFY (a new session),
 * RESUME (the missed dispatches, then RESUMED), and heartbeats with their ACKs. A bad token closes
 * with 4004, as Discord does; an unknown opcode with 4001. Thread-safe: it works under the fake's
 * lock.
 */
final class GatewayConnection extends WebSocketListener {
  private static final int DISPATCH = 0;
  private static final int HEARTBEAT = 1;
  private static final int IDENTIFY = 2;
  private static final int PRESENCE_UPDATE = 3;
  private static final int VOICE_STATE_UPDATE = 4;
  private static final int RESUME = 6;
  private static final int REQUEST_MEMBERS = 8;
  private static final int INVALID_SESSION = 9;
  private static final int HELLO = 10;
  private static final int HEARTBEAT_ACK = 11;

  private final LocalDiscord d;

  GatewayConnection(LocalDiscord discord) {
    this.d = discord;
  }

  @Override
  public void onOpen(WebSocket socket, Response response) {
    socket.send(Json.write(obj("op", HELLO, "d", obj("heartbeat_interval", d.heartbeatMillis,
        "_trace", Json.arr("[\"relva-local-discord\"]")))));
  }

  @Override
  public void onMessage(WebSocket socket, String text) {
    synchronized (d.lock) {
      JsonNode frame;
      try {
        frame = Json.parse(text);
      } catch (IllegalArgumentException e) {
        d.problems.add("gateway: " + e.getMessage());
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      JsonNode data = frame.path("d");
      switch (frame.path("op").asInt(-1)) {
        case HEARTBEAT -> {
          d.gateway.heartbeats++;
          socket.send(Json.write(obj("op", HEARTBEAT_ACK)));
        }
        case IDENTIFY -> {
          if (!tokenMatches(Json.text(data, "token", ""))) {
            socket.close(4004, "Authentication failed.");
          } else {
            d.gateway.newSession(socket);
          }
        }
        case RESUME -> {
          if (!tokenMatches(Json.text(data, "token", ""))) {
            socket.close(4004, "Authentication failed.");
          } else if (!d.gateway.resume(socket, Json.text(data, "session_id", ""),
              data.path("seq").asInt(-1))) {
            socket.send(Json.write(obj("op", INVALID_SESSION, "d", false)));
          }
        }
        case PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_MEMBERS -> { }
        case DISPATCH -> {
          d.problems.add("gateway: a client may not send dispatches");
          socket.close(4001, "Unknown opcode.");
        }
        default -> {
          d.problems.add("gateway: unknown opcode in " + text);
          socket.close(4001, "Unknown opcode.");
        }
      }
      d.changed();
    }
  }

  private boolean tokenMatches(String sent) {
    return sent.equals(d.token) || sent.equals("Bot " + d.token);
  }

  @Override
  public void onClosing(WebSocket socket, int code, String reason) {
    socket.close(code, null);
    detach(socket);
  }

  @Override
  public void onClosed(WebSocket socket, int code, String reason) {
    detach(socket);
  }

  @Override
  public void onFailure(WebSocket socket, Throwable failure, @Nullable Response response) {
    detach(socket);
  }

  private void detach(WebSocket socket) {
    synchronized (d.lock) {
      if (d.gateway.socket == socket) {
        d.gateway.socket = null;
        d.gateway.identified = false;
        d.changed();
      }
    }
  }
}
