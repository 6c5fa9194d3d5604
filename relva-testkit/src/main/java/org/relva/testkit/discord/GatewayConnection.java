package org.relva.testkit.discord;

import static org.relva.testkit.discord.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection to the fake gateway: HELLO on open, then IDENTIFY (a new session of a
 * shard), RESUME (the missed dispatches, then RESUMED), and heartbeats with their ACKs. It closes
 * as Discord does ({@code topics/opcodes-and-status-codes}, Gateway Close Event Codes; and
 * {@code events/gateway}, Gateway Intents and Sharding): 4004 for a bad token, 4001 for an
 * unknown opcode, 4002 for a frame that is not JSON, 4003 for a payload other than a heartbeat
 * before IDENTIFY or RESUME, 4005 for a second IDENTIFY, 4010 for an invalid shard, 4011 for a
 * shard that would hold too many guilds, 4013 for intents that are not Discord's, 4014 for a
 * privileged intent the application has not enabled. Thread-safe: it works under the fake's
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

  /** The intents {@code events/gateway} documents, privileged ones included. */
  static final long KNOWN_INTENTS = (1L << 17) - 1 | 1L << 20 | 1L << 21 | 1L << 24 | 1L << 25;
  /** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT ({@code events/gateway}, Privileged). */
  static final long PRIVILEGED_INTENTS = 1L << 1 | 1L << 8 | 1L << 15;

  private final LocalDiscord d;
  /** Whether this connection identified or resumed; guarded by the fake's lock. */
  private boolean authenticated;

  GatewayConnection(LocalDiscord discord) {
    this.d = discord;
  }

  @Override
  public void onOpen(WebSocket socket, Response response) {
    synchronized (d.lock) {
      d.send(socket, Json.write(obj("op", HELLO, "d", obj("heartbeat_interval",
          d.heartbeatMillis, "_trace", Json.arr("[\"relva-local-discord\"]")))));
    }
  }

  @Override
  public void onMessage(WebSocket socket, String text) {
    synchronized (d.lock) {
      if (d.capture != null) {
        d.capture.gatewayIn(text);
      }
      d.archiveIdleThreads();
      JsonNode frame;
      try {
        frame = Json.parse(text);
      } catch (IllegalArgumentException e) {
        d.problems.add("gateway: " + e.getMessage());
        d.close(socket, 4002, "Error while decoding payload.");
        return;
      }
      JsonNode data = frame.path("d");
      int op = frame.path("op").asInt(-1);
      if (!authenticated && op != HEARTBEAT && op != IDENTIFY && op != RESUME
          && isKnown(op)) {
        d.problems.add("gateway: op " + op + " before IDENTIFY");
        d.close(socket, 4003, "Not authenticated.");
        d.changed();
        return;
      }
      switch (op) {
        case HEARTBEAT -> {
          d.gateway.heartbeats++;
          d.send(socket, Json.write(obj("op", HEARTBEAT_ACK)));
        }
        case IDENTIFY -> identify(socket, data);
        case RESUME -> {
          if (!tokenMatches(Json.text(data, "token", ""))) {
            d.close(socket, 4004, "Authentication failed.");
          } else if (d.gateway.resume(socket, Json.text(data, "session_id", ""),
              data.path("seq").asInt(-1))) {
            authenticated = true;
          } else {
            d.send(socket, Json.write(obj("op", INVALID_SESSION, "d", false)));
          }
        }
        case PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_MEMBERS -> { }
        case DISPATCH -> {
          d.problems.add("gateway: a client may not send dispatches");
          d.close(socket, 4001, "Unknown opcode.");
        }
        default -> {
          d.problems.add("gateway: unknown opcode in " + text);
          d.close(socket, 4001, "Unknown opcode.");
        }
      }
      d.changed();
    }
  }

  private static boolean isKnown(int op) {
    return switch (op) {
      case HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE, RESUME, REQUEST_MEMBERS ->
          true;
      default -> false;
    };
  }

  /**
   * IDENTIFY ({@code events/gateway-events}, Identify): the token, then the intents, which are
   * required, must be Discord's and not privileged unless the application enabled them; a
   * {@code shard} array must be {@code [shard_id, num_shards]} with {@code shard_id} under
   * {@code num_shards} (else close 4010), whose guilds are at most the fake's
   * {@linkplain LocalDiscord.Builder#maxGuildsPerShard limit} (else 4011), and is echoed in
   * READY.
   */
  private void identify(WebSocket socket, JsonNode data) {
    if (authenticated) {
      d.problems.add("gateway: a second IDENTIFY on one connection");
      d.close(socket, 4005, "Already authenticated.");
      return;
    }
    if (!tokenMatches(Json.text(data, "token", ""))) {
      d.close(socket, 4004, "Authentication failed.");
      return;
    }
    JsonNode intents = data.path("intents");
    if (!intents.canConvertToLong() || (intents.asLong() & ~KNOWN_INTENTS) != 0
        || intents.asLong() < 0) {
      d.problems.add("gateway: invalid intents " + intents);
      d.close(socket, 4013, "Invalid intent(s).");
      return;
    }
    long privileged = intents.asLong() & PRIVILEGED_INTENTS & ~d.privilegedIntents;
    if (privileged != 0) {
      d.problems.add("gateway: privileged intents " + privileged + " not enabled for the "
          + "application");
      d.close(socket, 4014, "Disallowed intent(s).");
      return;
    }
    // events/gateway, Sharding: shard is [shard_id, num_shards], 0 <= shard_id < num_shards;
    // without it the session is shard 0 of 1 and holds every guild.
    JsonNode shard = data.path("shard");
    boolean pair = shard.isArray() && shard.size() == 2 && shard.get(0).canConvertToInt()
        && shard.get(1).canConvertToInt() && shard.get(0).isIntegralNumber()
        && shard.get(1).isIntegralNumber();
    int shardId = pair ? shard.get(0).asInt() : 0;
    int numShards = pair ? shard.get(1).asInt() : 1;
    boolean valid = shard.isMissingNode() || shard.isNull()
        || (pair && numShards >= 1 && shardId >= 0 && shardId < numShards);
    if (!valid) {
      d.problems.add("gateway: invalid shard " + shard);
      d.close(socket, 4010, "Invalid shard.");
      return;
    }
    // topics/opcodes-and-status-codes, 4011: "The session would have handled too many guilds -
    // you are required to shard your connection in order to connect."
    int held = d.gateway.guildsOf(shardId, numShards);
    if (held > d.maxGuildsPerShard) {
      d.problems.add("gateway: shard [" + shardId + ", " + numShards + "] would hold " + held
          + " guilds, over " + d.maxGuildsPerShard);
      d.close(socket, 4011, "Sharding required.");
      return;
    }
    authenticated = true;
    d.gateway.identify(socket, intents.asLong(), shard.isArray() ? shard.deepCopy() : null,
        shardId, numShards);
  }

  private boolean tokenMatches(String sent) {
    return sent.equals(d.token) || sent.equals("Bot " + d.token);
  }

  @Override
  public void onClosing(WebSocket socket, int code, String reason) {
    synchronized (d.lock) {
      if (d.capture != null) {
        d.capture.gatewayClose(code, reason);
      }
    }
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
      d.gateway.detach(socket);
    }
  }
}
