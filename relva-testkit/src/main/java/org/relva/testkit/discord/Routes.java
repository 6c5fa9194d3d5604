package org.relva.testkit.discord;

import static org.relva.testkit.discord.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.relva.testkit.discord.LocalDiscord.ChannelState;
import org.relva.testkit.discord.LocalDiscord.FaultRule;

/**
 * The fake's HTTP side: upgrades {@code /gateway} to the gateway WebSocket and routes
 * {@code /api/v10/...} to Discord's REST endpoints. Each request is handled whole under the fake's
 * lock; only a {@linkplain RestFault#lateAnswer late answer} waits, after the lock is released.
 * Thread-safe.
 */
final class Routes extends Dispatcher {
  private static final String API = "/api/v10/";

  private final LocalDiscord d;

  Routes(LocalDiscord discord) {
    this.d = discord;
  }

  /** An HTTP answer: status and JSON body (none for 204). */
  private record Answer(int status, @Nullable JsonNode body) {
    static Answer ok(JsonNode body) {
      return new Answer(200, body);
    }

    static Answer noContent() {
      return new Answer(204, null);
    }

    static Answer error(int status, int code, String message) {
      return new Answer(status, obj("message", message, "code", code));
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.equals("/gateway") || path.equals("/gateway/")) {
      return new MockResponse.Builder().webSocketUpgrade(new GatewayConnection(d)).build();
    }
    String method = request.getMethod();
    Answer answer;
    Duration delay = Duration.ZERO;
    synchronized (d.lock) {
      d.archiveIdleThreads();
      String route = path.startsWith(API) ? path.substring(API.length()) : path;
      FaultRule fault = fault(method, route);
      if (!path.startsWith(API)) {
        answer = unknown(method, path);
      } else if (fault != null && !(fault.fault instanceof RestFault.LateAnswer)) {
        answer = faulted(fault.fault);
      } else {
        if (fault != null) {
          delay = ((RestFault.LateAnswer) fault.fault).delay();
        }
        answer = handle(request, method, route);
      }
      d.requests.add(method + " " + route + " -> " + answer.status());
      if (d.capture != null) {
        d.capture.rest(method, path, request.getUrl().encodedQuery(), capturedBody(request),
            answer.status(), answer.body());
      }
      d.changed();
    }
    return respond(answer, delay);
  }

  private @Nullable FaultRule fault(String method, String route) {
    for (Iterator<FaultRule> rules = d.faults.iterator(); rules.hasNext(); ) {
      FaultRule rule = rules.next();
      if (rule.method.equalsIgnoreCase(method) && rule.path.matcher(route).matches()) {
        if (--rule.remaining == 0) {
          rules.remove();
        }
        return rule;
      }
    }
    return null;
  }

  private static Answer faulted(RestFault fault) {
    if (fault instanceof RestFault.RateLimited limited) {
      double seconds = limited.retryAfter().toMillis() / 1000.0;
      return new Answer(429, obj("message", "You are being rate limited.", "retry_after",
          seconds, "global", false));
    }
    int status = ((RestFault.ServerError) fault).status();
    return Answer.error(status, 0, status + ": " + switch (status) {
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Server Error";
    });
  }

  private MockResponse respond(Answer answer, Duration delay) {
    // Discord's API answers through Google's front end, and says so; a client that sees a 429
    // without this header takes it for Cloudflare's limit on every route.
    MockResponse.Builder response = new MockResponse.Builder().code(answer.status())
        .setHeader("Via", "1.1 google");
    if (answer.body() != null) {
      response.setHeader("Content-Type", "application/json").body(Json.write(answer.body()));
    }
    if (answer.status() == 429) {
      double seconds = answer.body().path("retry_after").asDouble();
      response.setHeader("Retry-After", (long) Math.ceil(seconds))
          .setHeader("X-RateLimit-Limit", 5)
          .setHeader("X-RateLimit-Remaining", 0)
          .setHeader("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f",
              d.clock.millis() / 1000.0 + seconds))
          .setHeader("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", seconds))
          .setHeader("X-RateLimit-Bucket", "relva-local-bucket")
          .setHeader("X-RateLimit-Scope", "user");
    }
    if (!delay.isZero()) {
      response.headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
    return response.build();
  }

  private Answer unknown(String method, String route) {
    d.problems.add("unknown route " + method + " " + route);
    return Answer.error(404, 0, "404: Not Found");
  }

  private Answer handle(RecordedRequest request, String method, String route) {
    List<String> at = List.of(route.split("/"));
    boolean webhook = at.get(0).equals("interactions") || at.get(0).equals("webhooks");
    String auth = request.getHeaders().get("Authorization");
    if (!webhook && !("Bot " + d.token).equals(auth)) {
      return Answer.error(401, 0, "401: Unauthorized");
    }
    JsonNode body;
    try {
      body = body(request);
    } catch (IllegalArgumentException e) {
      d.problems.add(method + " " + route + ": " + e.getMessage());
      return Answer.error(400, 50109, "The request body contains invalid JSON.");
    }
    String key = method + " " + shape(at);
    return switch (key) {
      case "GET users/@me" -> Answer.ok(Payloads.botUser(d));
      // topics/gateway: Get Gateway is the URL only; Get Gateway Bot adds the recommended shard
      // count and the session start limit.
      case "GET gateway" -> Answer.ok(obj("url", d.gatewayUrl()));
      case "GET gateway/bot" -> Answer.ok(obj("url", d.gatewayUrl(), "shards",
          d.recommendedShards, "session_start_limit", obj("total", 1000, "remaining", 999,
              "reset_after", 0, "max_concurrency", 1)));
      case "PUT applications/*/guilds/*/commands" -> commands(at.get(1), at.get(3), body);
      case "PUT applications/*/commands" -> commands(at.get(1), null, body);
      case "GET applications/*/guilds/*/commands" -> guildCommands(at.get(3));
      case "GET applications/*/commands" -> Answer.ok(LocalDiscord.commandList(d.globalCommands));
      case "GET channels/*" -> getChannel(at.get(1));
      case "GET channels/*/threads/archived/private" -> archivedPrivateThreads(at.get(1),
          request.getUrl().queryParameter("before"), request.getUrl().queryParameter("limit"));
      case "GET channels/*/thread-members" -> threadMembers(at.get(1),
          request.getUrl().queryParameter("with_member"),
          request.getUrl().queryParameter("after"), request.getUrl().queryParameter("limit"));
      case "PATCH channels/*" -> modifyThread(at.get(1), body);
      case "DELETE channels/*" -> deleteChannel(at.get(1));
      case "POST channels/*/threads" -> createThread(at.get(1), body);
      case "PUT channels/*/thread-members/*" -> threadMember(at.get(1), at.get(3), true);
      case "DELETE channels/*/thread-members/*" -> threadMember(at.get(1), at.get(3), false);
      case "PUT channels/*/permissions/*" -> overwrite(at.get(1), at.get(3), body);
      case "DELETE channels/*/permissions/*" -> overwrite(at.get(1), at.get(3), null);
      case "POST channels/*/messages" -> postMessage(at.get(1), body);
      case "PATCH channels/*/messages/*" -> editMessage(at.get(1), at.get(3), body);
      case "POST interactions/*/*/callback" -> callback(at.get(1), at.get(2), body,
          "true".equals(request.getUrl().queryParameter("with_response")));
      case "POST webhooks/*/*" -> followUp(at.get(1), at.get(2), body);
      case "PATCH webhooks/*/*/messages/*" -> editReply(at.get(1), at.get(2), at.get(4), body);
      case "POST guilds/*/channels" -> createChannel(at.get(1), body);
      case "PATCH guilds/*/members/*" -> modifyMember(at.get(1), at.get(3), body);
      case "GET guilds/*/voice-states/*" -> voiceState(at.get(1), at.get(3));
      default -> unknown(method, route);
    };
  }

  /** {@code channels/123/threads} becomes {@code channels/* /threads}: ids and tokens starred. */
  private static String shape(List<String> at) {
    StringBuilder shape = new StringBuilder();
    for (int i = 0; i < at.size(); i++) {
      String part = at.get(i);
      boolean literal = i == 0 || switch (at.get(0)) {
        case "applications" -> i % 2 == 0;
        // channels/1/threads/archived/private: the words after "threads" are literal too.
        case "channels" -> i == 2 || (i > 2 && at.get(2).equals("threads"));
        case "interactions" -> i == 3;
        case "guilds" -> i % 2 == 0;
        case "webhooks" -> i == 3;
        default -> true;
      };
      shape.append(i == 0 ? "" : "/").append(literal ? part : "*");
    }
    return shape.toString();
  }

  /** The request's JSON body for the capture: null if none, its text if it is not JSON. */
  private static @Nullable JsonNode capturedBody(RecordedRequest request) {
    ByteString bytes = request.getBody();
    if (bytes == null || bytes.size() == 0) {
      return null;
    }
    try {
      return body(request);
    } catch (IllegalArgumentException e) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(bytes.utf8());
    }
  }

  private static JsonNode body(RecordedRequest request) {
    ByteString bytes = request.getBody();
    if (bytes == null || bytes.size() == 0) {
      return obj();
    }
    String type = request.getHeaders().get("Content-Type");
    MediaType media = type == null ? null : MediaType.parse(type);
    if (media != null && media.type().equals("multipart")) {
      String boundary = media.parameter("boundary");
      try (MultipartReader reader = new MultipartReader(new Buffer().write(bytes),
          boundary == null ? "" : boundary)) {
        for (MultipartReader.Part part = reader.nextPart(); part != null;
            part = reader.nextPart()) {
          String disposition = part.headers().get("Content-Disposition");
          if (disposition != null && disposition.contains("name=\"payload_json\"")) {
            return Json.parse(part.body().readUtf8());
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("unreadable multipart body: " + e.getMessage(), e);
      }
      return obj();
    }
    return Json.parse(bytes.utf8());
  }

  private @Nullable ChannelState channel(String id) {
    return d.channels.get(id);
  }

  private static Answer unknownChannel() {
    return Answer.error(404, 10003, "Unknown Channel");
  }

  /**
   * Discord's refusal when the bot may not do what needs {@code needed} in {@code channel}, or
   * null: 403 with 50001 (Missing Access) when it cannot see the channel (a private thread it is
   * not in, without Manage Threads, included), else 403 with 50013 (Missing Permissions) when it
   * lacks one of {@code needed} ({@code topics/opcodes-and-status-codes}, JSON Error Codes).
   */
  private @Nullable Answer refused(ChannelState channel, long needed) {
    long permissions = d.permissionsIn(channel);
    boolean sees = (permissions & LocalDiscord.VIEW_CHANNEL) != 0
        && (!channel.isThread() || channel.members.contains(d.botId)
            || (permissions & LocalDiscord.MANAGE_THREADS) != 0);
    if (!sees) {
      return Answer.error(403, 50001, "Missing Access");
    }
    if ((permissions & needed) != needed) {
      return Answer.error(403, 50013, "Missing Permissions");
    }
    return null;
  }

  /** 400 with 50083: the thread is archived ({@code topics/opcodes-and-status-codes}). */
  private static Answer archivedThread() {
    return Answer.error(400, 50083, "Thread is archived");
  }

  /** 400 with 160006 ({@code topics/opcodes-and-status-codes}, JSON Error Codes). */
  private static Answer tooManyThreads() {
    return Answer.error(400, 160006, "Maximum number of active threads reached");
  }

  /**
   * The auto archive durations Discord takes: 60, 1440, 4320 or 10080 minutes (the spec's
   * {@code ThreadAutoArchiveDuration}; {@code resources/channel}, Thread Metadata Object).
   */
  private static boolean validArchiveDuration(JsonNode duration) {
    return duration.isInt() && switch (duration.asInt()) {
      case 60, 1440, 4320, 10080 -> true;
      default -> false;
    };
  }

  private static Answer invalidField(String field, String code, String message) {
    return new Answer(400, obj("message", "Invalid Form Body", "code", 50035, "errors",
        obj(field, obj("_errors", Json.arr(obj("code", code, "message", message))))));
  }

  /** 404 with 10004 ({@code topics/opcodes-and-status-codes}, JSON Error Codes). */
  private static Answer unknownGuild() {
    return Answer.error(404, 10004, "Unknown Guild");
  }

  private Answer guildCommands(String guildId) {
    LocalGuild guild = d.findGuild(guildId);
    return guild == null ? unknownGuild() : Answer.ok(LocalDiscord.commandList(guild.commands));
  }

  /** Bulk Overwrite Global (no {@code guildId}) or Guild Application Commands. */
  private Answer commands(String application, @Nullable String guildId, JsonNode body) {
    if (!application.equals(d.botId)) {
      return Answer.error(403, 50001, "Missing Access");
    }
    LocalGuild guild = guildId == null ? null : d.findGuild(guildId);
    if (guildId != null && guild == null) {
      return unknownGuild();
    }
    if (!body.isArray()) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    var into = guild != null ? guild.commands : d.globalCommands;
    into.clear();
    for (JsonNode command : body) {
      ObjectNode registered = command.deepCopy();
      registered.put("id", d.ids.next()).put("application_id", d.botId)
          .put("version", d.ids.next()).put("type", command.path("type").asInt(1));
      if (guild != null) {
        registered.put("guild_id", guild.id);
      }
      if (!registered.has("default_member_permissions")) {
        registered.putNull("default_member_permissions");
      }
      registered.put("nsfw", command.path("nsfw").asBoolean(false));
      into.put(registered.path("name").asText(), registered);
    }
    return Answer.ok(LocalDiscord.commandList(into));
  }

  /**
   * Get Channel ({@code resources/channel}, Get Channel): any channel or thread, archived threads
   * included, that exists (else 404, 10003) and that the bot can see (else 403, 50001: a private
   * thread it is not in, without Manage Threads).
   */
  private Answer getChannel(String id) {
    ChannelState channel = channel(id);
    if (channel == null) {
      return unknownChannel();
    }
    Answer refused = refused(channel, 0);
    return refused != null ? refused : Answer.ok(Payloads.channel(d, channel));
  }

  /**
   * List Private Archived Threads ({@code resources/channel}): the archived private threads of a
   * channel, newest {@code archive_timestamp} first, only those archived before {@code before}
   * (an ISO 8601 timestamp, else 400, 50035; all if absent), at most {@code limit} (up to 100;
   * the fake's default is 50), with the bot's own thread member for each it is
   * in ({@code members}) and whether more are left ({@code has_more}). Needs Read Message History
   * and Manage Threads in the channel (else 403, 50013).
   */
  private Answer archivedPrivateThreads(String parentId, @Nullable String before,
      @Nullable String limit) {
    ChannelState parent = channel(parentId);
    if (parent == null) {
      return unknownChannel();
    }
    if (parent.type != SeenChannel.TEXT) {
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    Answer refused = refused(parent, LocalDiscord.READ_MESSAGE_HISTORY
        | LocalDiscord.MANAGE_THREADS);
    if (refused != null) {
      return refused;
    }
    Instant until;
    try {
      until = before == null ? null : java.time.OffsetDateTime.parse(before).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    int max;
    try {
      max = limit == null ? 50 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 1 || max > 100) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    List<ChannelState> archived = d.channels.values().stream()
        .filter(c -> c.isThread() && c.archived && parentId.equals(c.parentId)
            && (until == null || c.archiveTimestamp.isBefore(until)))
        .sorted(java.util.Comparator.comparing((ChannelState c) -> c.archiveTimestamp)
            .reversed())
        .toList();
    List<ChannelState> page = archived.subList(0, Math.min(max, archived.size()));
    com.fasterxml.jackson.databind.node.ArrayNode threads = Json.arr();
    com.fasterxml.jackson.databind.node.ArrayNode members = Json.arr();
    for (ChannelState thread : page) {
      threads.add(Payloads.thread(d, thread));
      if (thread.members.contains(d.botId)) {
        members.add(threadMember(thread, d.botId, false));
      }
    }
    return Answer.ok(obj("threads", threads, "members", members, "has_more",
        archived.size() > page.size()));
  }

  /**
   * List Thread Members ({@code resources/channel}): "restricted according to whether the
   * GUILD_MEMBERS Privileged Intent is enabled for your application", so refused with 403, 50001
   * (Missing Access, as for List Guild Members) unless the application {@linkplain
   * LocalDiscord.Builder#privilegedIntents enabled} it; asking for the intent when identifying is
   * not needed. A thread the bot can see, archived or not; ordered by user id. Without
   * {@code with_member} every member comes at once; with it, a page of {@code limit} (1 to 100,
   * default 100) after the user id {@code after}, each with its guild {@code member}.
   */
  private Answer threadMembers(String threadId, @Nullable String withMember,
      @Nullable String after, @Nullable String limit) {
    ChannelState thread = channel(threadId);
    if (thread == null) {
      return unknownChannel();
    }
    if (!thread.isThread()) {
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    Answer refused = refused(thread, 0);
    if (refused != null) {
      return refused;
    }
    if ((d.privilegedIntents & LocalDiscord.GUILD_MEMBERS_INTENT) == 0) {
      return Answer.error(403, 50001, "Missing Access");
    }
    boolean paged = "true".equalsIgnoreCase(withMember);
    int max;
    try {
      max = limit == null ? 100 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 1 || max > 100) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    long from;
    try {
      from = after == null ? 0 : Long.parseUnsignedLong(after);
    } catch (NumberFormatException e) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    List<String> ids = thread.members.stream()
        .filter(id -> !paged || Long.parseUnsignedLong(id) > from)
        .sorted(java.util.Comparator.comparing(Long::parseUnsignedLong))
        .toList();
    com.fasterxml.jackson.databind.node.ArrayNode list = Json.arr();
    for (String id : paged ? ids.subList(0, Math.min(max, ids.size())) : ids) {
      list.add(threadMember(thread, id, paged));
    }
    return Answer.ok(list);
  }

  /** A thread member object ({@code resources/channel}, Thread Member Object). */
  private ObjectNode threadMember(ChannelState thread, String userId, boolean withMember) {
    ObjectNode member = obj("id", thread.id, "user_id", userId, "join_timestamp",
        Snowflakes.timeOf(thread.id).toString(), "flags", 0);
    if (withMember) {
      DiscordUser user = thread.guild.users.get(userId);
      member.set("member", user != null ? Payloads.member(d, thread.guild, user)
          : Payloads.botMember(d, thread.guild));
    }
    return member;
  }

  /**
   * Delete Channel: Manage Channels for a channel, Manage Threads for a thread
   * ({@code resources/channel}, Delete/Close Channel; {@code topics/threads}, Editing and
   * Deleting Threads). An archived thread can be deleted.
   */
  private Answer deleteChannel(String id) {
    ChannelState channel = channel(id);
    if (channel == null) {
      return unknownChannel();
    }
    Answer refused = refused(channel, channel.isThread() ? LocalDiscord.MANAGE_THREADS
        : LocalDiscord.MANAGE_CHANNELS);
    if (refused != null) {
      return refused;
    }
    return Answer.ok(d.remove(channel));
  }

  /**
   * Modify Channel for a thread ({@code resources/channel}, Modify Channel, Thread): archive or
   * unarchive it and change its {@code auto_archive_duration}. Unarchiving an unlocked thread
   * needs Send Messages (that page; {@code topics/threads} says being in the thread is enough,
   * which for a private thread the visibility check already asks); the other fields need Manage
   * Threads or being the thread's creator. An archived thread can only be unarchived, and not
   * beyond the active-thread cap. Other fields are ignored.
   */
  private Answer modifyThread(String id, JsonNode body) {
    ChannelState thread = channel(id);
    if (thread == null) {
      return unknownChannel();
    }
    if (!thread.isThread()) {
      d.problems.add("PATCH channels/" + id + ": only threads can be modified in the fake");
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    JsonNode archived = body.path("archived");
    JsonNode duration = body.path("auto_archive_duration");
    boolean unarchive = archived.isBoolean() && !archived.asBoolean();
    boolean creator = d.botId.equals(thread.ownerId);
    Answer refused = refused(thread, unarchive ? LocalDiscord.SEND_MESSAGES : 0);
    if (refused == null && !creator && (archived.asBoolean(false) || !duration.isMissingNode())) {
      refused = refused(thread, LocalDiscord.MANAGE_THREADS);
    }
    if (refused != null) {
      return refused;
    }
    if (!duration.isMissingNode() && !duration.isNull() && !validArchiveDuration(duration)) {
      return invalidField("auto_archive_duration", "BASE_TYPE_CHOICES",
          "Value must be one of {60, 1440, 4320, 10080}.");
    }
    if (thread.archived && !unarchive) {
      return archivedThread();
    }
    if (unarchive && thread.archived
        && thread.guild.activeThreads() >= thread.guild.maxActiveThreads) {
      return tooManyThreads();
    }
    if (validArchiveDuration(duration)) {
      thread.autoArchiveMinutes = duration.asInt();
      thread.archiveTimestamp = d.clock.instant();
      thread.lastActivity = d.clock.instant();
    }
    if (archived.isBoolean() && archived.asBoolean() != thread.archived) {
      d.setArchived(thread, archived.asBoolean());
    } else {
      d.gateway.dispatch(thread.guild, "THREAD_UPDATE", Payloads.thread(d, thread));
    }
    return Answer.ok(Payloads.thread(d, thread));
  }

  private Answer createThread(String parentId, JsonNode body) {
    ChannelState parent = channel(parentId);
    if (parent == null) {
      return unknownChannel();
    }
    if (parent.type != SeenChannel.TEXT) {
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    String name = Json.text(body, "name", "");
    int type = body.path("type").asInt(SeenChannel.PRIVATE_THREAD);
    if (name.isEmpty() || name.length() > 100) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    if (type != SeenChannel.PRIVATE_THREAD) {
      d.problems.add("thread of type " + type + " asked for; only private threads are faked");
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    JsonNode duration = body.path("auto_archive_duration");
    if (!duration.isMissingNode() && !duration.isNull() && !validArchiveDuration(duration)) {
      // CreateTextThreadWithoutMessageRequest.auto_archive_duration: ThreadAutoArchiveDuration.
      return invalidField("auto_archive_duration", "BASE_TYPE_CHOICES",
          "Value must be one of {60, 1440, 4320, 10080}.");
    }
    // resources/channel, Start Thread without Message: a private thread needs Create Private
    // Threads in the parent.
    Answer refused = refused(parent, LocalDiscord.CREATE_PRIVATE_THREADS);
    if (refused != null) {
      return refused;
    }
    if (parent.guild.activeThreads() >= parent.guild.maxActiveThreads) {
      return tooManyThreads();
    }
    ChannelState thread = ChannelState.thread(parent.guild, d.ids.next(), name, parentId,
        d.botId, body.path("invitable").asBoolean(true),
        validArchiveDuration(duration) ? duration.asInt() : 10080, d.clock.instant());
    thread.members.add(d.botId);
    d.keep(thread);
    ObjectNode json = Payloads.thread(d, thread);
    json.set("member", obj("id", thread.id, "user_id", d.botId, "join_timestamp",
        d.clock.instant().toString(), "flags", 0));
    ObjectNode event = json.deepCopy();
    event.put("newly_created", true);
    d.gateway.dispatch(parent.guild, "THREAD_CREATE", event);
    return new Answer(201, json);
  }

  private Answer threadMember(String threadId, String userId, boolean add) {
    ChannelState thread = channel(threadId);
    if (thread == null) {
      return unknownChannel();
    }
    if (!thread.isThread()) {
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    // resources/channel, Add Thread Member: "Requires the ability to send messages in the
    // thread"; Remove Thread Member: Manage Threads, "or the creator of the thread if it is a
    // PRIVATE_THREAD". Both: "requires the thread is not archived".
    Answer refused = refused(thread, add ? LocalDiscord.SEND_MESSAGES_IN_THREADS
        : d.botId.equals(thread.ownerId) ? 0 : LocalDiscord.MANAGE_THREADS);
    if (refused != null) {
      return refused;
    }
    if (thread.archived) {
      return archivedThread();
    }
    if (!thread.guild.users.containsKey(userId) && !userId.equals(d.botId)) {
      return Answer.error(404, 10007, "Unknown Member");
    }
    if (add) {
      thread.members.add(userId);
    } else {
      thread.members.remove(userId);
    }
    return Answer.noContent();
  }

  private Answer overwrite(String channelId, String target, @Nullable JsonNode body) {
    ChannelState channel = channel(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    if (channel.isThread()) {
      return Answer.error(400, 50024, "Cannot execute action on this channel type");
    }
    // resources/channel, Edit Channel Permissions: "Requires the MANAGE_ROLES permission".
    Answer refused = refused(channel, LocalDiscord.MANAGE_ROLES);
    if (refused != null) {
      return refused;
    }
    if (body == null) {
      channel.overwrites.remove(target);
    } else {
      channel.overwrites.put(target, new SeenChannel.Overwrite(target, body.path("type").asInt(),
          Long.parseLong(Json.text(body, "allow", "0")),
          Long.parseLong(Json.text(body, "deny", "0"))));
    }
    return Answer.noContent();
  }

  /**
   * Discord's answer to a message body it refuses ({@link MessageRules}), or null: 400 with code
   * 50006 for an empty message, else 50035 (Invalid Form Body) with the field in {@code errors},
   * nested as Discord nests it.
   */
  private @Nullable Answer invalidMessage(String route, JsonNode body, MessageRules.Kind kind) {
    MessageRules.Refusal refusal = MessageRules.check(body, kind);
    if (refusal == null) {
      return null;
    }
    if (refusal.field().equals("_empty")) {
      return Answer.error(400, 50006, "Cannot send an empty message");
    }
    ObjectNode errors = obj();
    ObjectNode at = errors;
    for (String part : refusal.field().split("\\.")) {
      ObjectNode next = obj();
      at.set(part, next);
      at = next;
    }
    at.set("_errors", Json.arr(obj("code", refusal.code(), "message", refusal.message())));
    d.problems.add(route + ": Discord refuses " + refusal.field() + ": " + refusal.message());
    return new Answer(400, obj("message", "Invalid Form Body", "code", 50035, "errors", errors));
  }

  /**
   * {@code body} without the flags {@code kind} may not set, each listed as a problem. Discord
   * drops such flags rather than refusing the message ({@code resources/message}, Create Message:
   * "only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, and IS_COMPONENTS_V2 can be
   * set"), so a channel message flagged ephemeral is an ordinary message everyone sees.
   */
  private JsonNode allowedFlagsOnly(String route, JsonNode body, MessageRules.Kind kind) {
    long forbidden = MessageRules.forbiddenFlags(body, kind);
    if (forbidden == 0 || !(body instanceof ObjectNode object)) {
      return body;
    }
    d.problems.add(route + ": flags " + forbidden + " cannot be set on "
        + (kind == MessageRules.Kind.CHANNEL ? "a channel message" : "this message")
        + (((forbidden & MessageRules.EPHEMERAL) != 0) ? " (ephemeral is for interaction "
            + "responses only)" : "") + "; Discord ignores them");
    ObjectNode copy = object.deepCopy();
    copy.put("flags", body.path("flags").asLong() & ~forbidden);
    return copy;
  }

  private Answer postMessage(String channelId, JsonNode body) {
    ChannelState channel = channel(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    String route = "POST channels/" + channelId + "/messages";
    // resources/channel and topics/permissions: Send Messages in a channel, Send Messages in
    // Threads in a thread.
    Answer refused = refused(channel, channel.isThread() ? LocalDiscord.SEND_MESSAGES_IN_THREADS
        : LocalDiscord.SEND_MESSAGES);
    if (refused != null) {
      return refused;
    }
    Answer invalid = invalidMessage(route, body, MessageRules.Kind.CHANNEL);
    if (invalid != null) {
      return invalid;
    }
    if (channel.isThread()) {
      // resources/channel, Thread Object: "The API will helpfully automatically unarchive a
      // thread when sending a message in that thread" (not past the active-thread cap).
      if (channel.archived) {
        if (channel.guild.activeThreads() >= channel.guild.maxActiveThreads) {
          return tooManyThreads();
        }
        d.setArchived(channel, false);
      }
      channel.lastActivity = d.clock.instant();
    }
    JsonNode sent = allowedFlagsOnly(route, body, MessageRules.Kind.CHANNEL);
    return Answer.ok(Payloads.message(d, record(d.ids.next(), channelId, sent, null, false)));
  }

  /**
   * Edit Message ({@code resources/message}, Edit Message): only the author may edit, and the
   * fields the edit does not send are kept. A message that is not in that channel is Unknown
   * Message (10008).
   */
  private Answer editMessage(String channelId, String messageId, JsonNode body) {
    ChannelState channel = channel(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    SeenMessage old = d.messages.stream()
        .filter(m -> m.id().equals(messageId) && m.channelId().equals(channelId)
            && m.interactionId().isEmpty())
        .findFirst().orElse(null);
    if (old == null) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalidMessage("PATCH channels/" + channelId + "/messages/" + messageId,
        body, MessageRules.Kind.EDIT);
    if (invalid != null) {
      return invalid;
    }
    ObjectNode merged = d.bodies.get(old.id()).deepCopy();
    body.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
    SeenMessage edited = Payloads.seen(old.id(), channelId, merged, null, false,
        d.clock.instant());
    d.bodies.put(edited.id(), merged);
    d.messages.set(d.messages.indexOf(old), edited);
    if (channel.isThread()) {
      channel.lastActivity = d.clock.instant();
    }
    return Answer.ok(Payloads.message(d, edited));
  }

  /** A new message from the bot's {@code body}, kept with the body it was made from. */
  private SeenMessage record(String id, String channelId, JsonNode body,
      @Nullable String interactionId, boolean ephemeral) {
    SeenMessage message = Payloads.seen(id, channelId, body, interactionId, ephemeral,
        d.clock.instant());
    d.messages.add(message);
    d.bodies.put(id, body.isObject() ? ((ObjectNode) body).deepCopy() : obj());
    return message;
  }

  private Answer callback(String interactionId, String token, JsonNode body,
      boolean withResponse) {
    SentInteraction interaction = d.interactions.get(token);
    if (interaction == null || !interaction.id().equals(interactionId)) {
      return Answer.error(404, 10062, "Unknown interaction");
    }
    long now = System.nanoTime();
    if (interaction.acknowledged()) {
      interaction.refuse("acknowledged a second time");
      return Answer.error(400, 40060, "Interaction has already been acknowledged.");
    }
    Duration age = Duration.ofNanos(now - interaction.dispatchedNanos());
    if (age.compareTo(d.interactionDeadline) > 0) {
      interaction.refuse("acknowledged after " + age.toMillis() + "ms, past the deadline");
      return Answer.error(404, 10062, "Unknown interaction");
    }
    int type = body.path("type").asInt();
    JsonNode data = body.path("data");
    // A refused callback acknowledges nothing: the bot may try again within the deadline.
    // 6 and 7 (update the message) exist only for components.
    if (type < 4 || type > 7 || (type >= 6 && interaction.payloadType() != 3)) {
      return Answer.error(400, 50035, "Invalid Form Body");
    }
    String route = "POST interactions/" + interactionId + "/<token>/callback";
    Answer invalid = type == 4 ? invalidMessage(route, data, MessageRules.Kind.REPLY) : null;
    if (invalid != null) {
      return invalid;
    }
    if (type == 4) {
      data = allowedFlagsOnly(route, data, MessageRules.Kind.REPLY);
    } else if (type == 5 && (data.path("flags").asLong() & ~MessageRules.EPHEMERAL) != 0) {
      // interactions/receiving-and-responding, Messages: with a deferral "the only valid message
      // flag you may use is EPHEMERAL".
      d.problems.add(route + ": a deferral may set only the ephemeral flag, not "
          + data.path("flags").asLong());
    }
    interaction.acknowledge(type, now, (data.path("flags").asLong() & 64) != 0);
    String messageId = null;
    SeenMessage reply = null;
    if (type == 4) {
      reply = record(d.ids.next(), interaction.channelId(), data, interaction.id(), false);
      interaction.addReply(reply, now);
      messageId = reply.id();
    } else if (type == 5) {
      // A deferral shows a loading message at once; the answer edits it (same id).
      messageId = d.ids.next();
      interaction.reserveOriginal(messageId);
    }
    if (!withResponse) {
      return Answer.noContent();
    }
    // interactions/receiving-and-responding, Interaction Callback Response Object (the spec's
    // InteractionCallbackResponse): the interaction with the id of the message the response
    // made, and the resource, whose message is there for CHANNEL_MESSAGE_WITH_SOURCE.
    ObjectNode callback = obj("id", interactionId, "type", interaction.payloadType(),
        "activity_instance_id", null, "response_message_loading", type == 5,
        "response_message_ephemeral", reply != null ? reply.ephemeral()
            : interaction.deferredEphemeral());
    if (messageId != null) {
      callback.put("response_message_id", messageId);
    }
    ObjectNode resource = obj("type", type);
    if (reply != null) {
      resource.set("message", Payloads.message(d, reply));
    }
    return Answer.ok(obj("interaction", callback, "resource", resource));
  }

  private @Nullable SentInteraction webhook(String application, String token) {
    SentInteraction interaction = d.interactions.get(token);
    return application.equals(d.botId) && interaction != null && interaction.acknowledged()
        ? interaction : null;
  }

  private Answer followUp(String application, String token, JsonNode body) {
    SentInteraction interaction = webhook(application, token);
    if (interaction == null) {
      return Answer.error(404, 10015, "Unknown Webhook");
    }
    String route = "POST webhooks/" + application + "/<token>";
    Answer invalid = invalidMessage(route, body, MessageRules.Kind.REPLY);
    if (invalid != null) {
      return invalid;
    }
    body = allowedFlagsOnly(route, body, MessageRules.Kind.REPLY);
    // The first follow-up after a deferral takes the deferral's place, and its visibility,
    // whatever flags it carries. Discord's docs keep this "for backwards compatibility" and mark
    // it deprecated (interactions/receiving-and-responding, Create Followup Message): a bot
    // should use Edit Original Interaction Response, so it is a problem here.
    boolean replacesDeferral = interaction.callbackType() == 5 && !interaction.answered();
    if (replacesDeferral) {
      d.problems.add("POST webhooks/" + application + "/<token> of " + interaction
          + ": the first follow-up after a deferral edits the original only through deprecated "
          + "behaviour; use PATCH webhooks/" + application + "/<token>/messages/@original");
    }
    JsonNode sent = body;
    if (replacesDeferral && body instanceof ObjectNode object) {
      ObjectNode copy = object.deepCopy();
      copy.put("flags", copy.path("flags").asLong() & ~64L
          | (interaction.deferredEphemeral() ? 64L : 0L));
      sent = copy;
    }
    String id = replacesDeferral && interaction.originalId() != null
        ? interaction.originalId() : d.ids.next();
    SeenMessage reply = record(id, interaction.channelId(), sent, interaction.id(), false);
    interaction.addReply(reply, System.nanoTime());
    return Answer.ok(Payloads.message(d, reply));
  }

  private Answer editReply(String application, String token, String messageId,
      JsonNode body) {
    SentInteraction interaction = webhook(application, token);
    if (interaction == null) {
      return Answer.error(404, 10015, "Unknown Webhook");
    }
    SeenMessage old = messageId.equals("@original")
        ? (interaction.answered() ? interaction.replies().get(0) : null)
        : interaction.replyById(messageId);
    if (old == null && !messageId.equals("@original")) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalidMessage("PATCH webhooks/" + application + "/<token>/messages/"
        + messageId, body, MessageRules.Kind.EDIT);
    if (invalid != null) {
      return invalid;
    }
    // Discord keeps every field an edit does not send.
    ObjectNode merged = old == null ? obj("content", "") : d.bodies.get(old.id()).deepCopy();
    body.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
    String newId = interaction.originalId() != null ? interaction.originalId() : d.ids.next();
    SeenMessage edited = Payloads.seen(old == null ? newId : old.id(),
        interaction.channelId(), merged, interaction.id(),
        old == null ? interaction.deferredEphemeral() : old.ephemeral(), Instant.now(d.clock));
    d.bodies.put(edited.id(), merged);
    if (old == null) {
      d.messages.add(edited);
      interaction.addReply(edited, System.nanoTime());
    } else {
      d.messages.set(d.messages.indexOf(old), edited);
      interaction.replaceReply(old, edited);
    }
    return Answer.ok(Payloads.message(d, edited));
  }

  /**
   * Create Guild Channel ({@code resources/guild}): a text (0) or voice (2) channel, or a category
   * (4), named 1 to 100 characters, in the category {@code parent_id} if given, with its
   * {@code permission_overwrites}. Needs Manage Channels (in the category, if given; else 403,
   * 50013); "only permissions your bot has in the guild or parent channel (if applicable) can be
   * allowed/denied" in the overwrites (else 403, 50013). At most {@link LocalDiscord#MAX_CHANNELS}
   * channels in the server, categories included, threads not (then 400, 30013) and
   * {@link LocalDiscord#MAX_CHANNELS_PER_CATEGORY} in a category (then 400, 50035 with
   * {@code CHANNEL_PARENT_MAX_CHANNELS} on {@code parent_id}, as Discord answers: that limit has
   * no code of its own). A {@code parent_id} of another guild is 404, 10003, as an unknown
   * channel. Sends CHANNEL_CREATE to the sessions that hold the guild.
   */
  private Answer createChannel(String guildId, JsonNode body) {
    LocalGuild guild = d.findGuild(guildId);
    if (guild == null) {
      return unknownGuild();
    }
    String name = Json.text(body, "name", "");
    int type = body.path("type").asInt(SeenChannel.TEXT);
    if (name.isEmpty() || name.length() > 100) {
      return invalidField("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    }
    if (type != SeenChannel.TEXT && type != SeenChannel.VOICE && type != SeenChannel.CATEGORY) {
      d.problems.add("channel of type " + type + " asked for; the fake makes 0, 2 and 4");
      return invalidField("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4}.");
    }
    JsonNode parentField = body.path("parent_id");
    ChannelState parent = null;
    if (!parentField.isMissingNode() && !parentField.isNull()) {
      parent = channel(parentField.asText());
      if (parent == null || parent.guild != guild) {
        // A channel of another guild is as unknown here as one that does not exist.
        return unknownChannel();
      }
      if (parent.type != SeenChannel.CATEGORY
          || type == SeenChannel.CATEGORY) {
        return invalidField("parent_id", "CHANNEL_PARENT_INVALID_TYPE",
            "Not a category.");
      }
    }
    long permissions = parent != null ? d.permissionsIn(parent)
        : d.permissionsIn(ChannelState.category(guild, "0", "(the server)"));
    if ((permissions & LocalDiscord.MANAGE_CHANNELS) == 0) {
      return Answer.error(403, 50013, "Missing Permissions");
    }
    List<SeenChannel.Overwrite> overwrites = new java.util.ArrayList<>();
    for (JsonNode overwrite : body.path("permission_overwrites")) {
      long allow = Long.parseLong(Json.text(overwrite, "allow", "0"));
      long deny = Long.parseLong(Json.text(overwrite, "deny", "0"));
      if (((allow | deny) & ~permissions) != 0) {
        d.problems.add("POST guilds/" + guildId + "/channels: an overwrite sets permissions "
            + ((allow | deny) & ~permissions) + " that the bot lacks");
        return Answer.error(403, 50013, "Missing Permissions");
      }
      overwrites.add(new SeenChannel.Overwrite(Json.text(overwrite, "id", ""),
          overwrite.path("type").asInt(), allow, deny));
    }
    long count = d.channels.values().stream().filter(c -> c.guild == guild && !c.isThread())
        .count();
    if (count >= LocalDiscord.MAX_CHANNELS) {
      return Answer.error(400, 30013, "Maximum number of guild channels reached (500)");
    }
    if (parent != null) {
      String parentId = parent.id;
      long inCategory = d.channels.values().stream()
          .filter(c -> !c.isThread() && parentId.equals(c.parentId)).count();
      if (inCategory >= LocalDiscord.MAX_CHANNELS_PER_CATEGORY) {
        return invalidField("parent_id", "CHANNEL_PARENT_MAX_CHANNELS",
            "Maximum number of channels in category reached (50)");
      }
    }
    String id = d.ids.next();
    ChannelState channel = switch (type) {
      case SeenChannel.VOICE -> ChannelState.voice(guild, id, name,
          parent == null ? null : parent.id);
      case SeenChannel.CATEGORY -> ChannelState.category(guild, id, name);
      default -> ChannelState.text(guild, id, name);
    };
    overwrites.forEach(o -> channel.overwrites.put(o.id(), o));
    d.keep(channel);
    ObjectNode json = Payloads.channel(d, channel);
    d.gateway.dispatch(guild, "CHANNEL_CREATE", json);
    return new Answer(201, json);
  }

  /**
   * Modify Guild Member ({@code resources/guild}) with {@code channel_id} only, which the fake
   * serves: moves a member to a voice channel (null disconnects). The member must be connected to
   * voice (else 400, 40032); the bot needs Move Members in the channel they are in and in the
   * one they go to, and Connect there (else 403, 50013). A member of another guild is 404, 10007
   * (Unknown Member), a channel of another guild 404, 10003. Sends VOICE_STATE_UPDATE to a bot
   * that asked for voice states. Other fields are refused as not faked.
   */
  private Answer modifyMember(String guildId, String userId, JsonNode body) {
    LocalGuild guild = d.findGuild(guildId);
    if (guild == null) {
      return unknownGuild();
    }
    DiscordUser user = guild.users.get(userId);
    if (user == null) {
      return Answer.error(404, 10007, "Unknown Member");
    }
    java.util.Iterator<String> fields = body.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!field.equals("channel_id")) {
        d.problems.add("PATCH guilds/" + guildId + "/members: field " + field + " is not faked");
        return invalidField(field, "NOT_FAKED", "Not faked.");
      }
    }
    String from = guild.voiceStates.get(userId);
    if (from == null) {
      return Answer.error(400, 40032, "Target user is not connected to voice.");
    }
    JsonNode target = body.path("channel_id");
    ChannelState to = null;
    if (!target.isMissingNode() && !target.isNull()) {
      to = channel(target.asText());
      if (to != null && to.guild != guild) {
        return unknownChannel();
      }
      if (to == null || to.type != SeenChannel.VOICE) {
        return invalidField("channel_id", "CHANNEL_TYPE_INVALID", "Not a voice channel.");
      }
    }
    ChannelState source = channel(from);
    if (source != null && (d.permissionsIn(source) & LocalDiscord.MOVE_MEMBERS) == 0) {
      return Answer.error(403, 50013, "Missing Permissions");
    }
    if (to != null) {
      long needed = LocalDiscord.MOVE_MEMBERS | LocalDiscord.CONNECT;
      if ((d.permissionsIn(to) & needed) != needed) {
        return Answer.error(403, 50013, "Missing Permissions");
      }
    }
    guild.moves.add(userId + " " + from + " -> " + (to == null ? "(none)" : to.id));
    guild.setVoiceState(userId, to == null ? null : to.id);
    return Answer.ok(Payloads.member(d, guild, user));
  }

  /**
   * Get User Voice State ({@code resources/voice}): the member's voice state, or 404 with 10065
   * (Unknown Voice State) when they are not connected.
   */
  private Answer voiceState(String guildId, String userId) {
    LocalGuild guild = d.findGuild(guildId);
    if (guild == null) {
      return unknownGuild();
    }
    String channelId = guild.voiceStates.get(userId);
    if (channelId == null) {
      return Answer.error(404, 10065, "Unknown Voice State");
    }
    ObjectNode state = Payloads.voiceState(d, guild, userId, channelId);
    state.put("guild_id", guild.id);
    return Answer.ok(state);
  }
}
