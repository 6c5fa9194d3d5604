package org.relva.discord;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.AuditableRestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.ThreadChannelAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.relva.core.model.ChannelId;

/**
 * A Discord server made of Mockito fakes of JDA's interfaces, with no connection: a guild, its
 * lobby text channel, the private threads made in it, and slash-command and button events. It
 * records what the bot posts in channels and replies through interaction hooks. Commands run on a
 * {@link Tasks} executor that the test drains, so nothing runs on a thread of its own.
 */
final class FakeDiscord {
  static final long GUILD_ID = 111_111_111_111_111_111L;
  static final String LOBBY_ID = "222222222222222222";

  /** A message posted in a channel: where, and what. */
  record Posted(String channelId, MessageCreateData data) {
    String text() {
      return textOf(data);
    }
  }

  /** A message's text: its content, or an information embed's description. */
  static String textOf(MessageCreateData data) {
    return data.getContent().isEmpty() && !data.getEmbeds().isEmpty()
        ? String.valueOf(data.getEmbeds().get(0).getDescription()) : data.getContent();
  }

  /**
   * A reply sent through an interaction hook, and the request that carried it: an edit of the
   * deferred original response ({@code original}), or a follow-up.
   */
  record Reply(String text, RestAction<Message> action, boolean original) {
    /**
     * Checks it was sent, and visible to its user only: an edit of the original keeps the
     * deferral's visibility (the listener defers ephemerally); a follow-up says so itself.
     */
    void verifyEphemeral() {
      if (original) {
        org.mockito.Mockito.verify((WebhookMessageEditAction<Message>) action).queue(any(), any());
      } else {
        WebhookMessageCreateAction<Message> followUp = (WebhookMessageCreateAction<Message>) action;
        org.mockito.Mockito.verify(followUp).setEphemeral(true);
        org.mockito.Mockito.verify(followUp).queue(any(), any());
      }
    }
  }

  /** An executor whose tasks run only when the test says so. */
  static final class Tasks implements Executor {
    private final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }

    int pending() {
      return queue.size();
    }

    void runAll() {
      Runnable task;
      while ((task = queue.poll()) != null) {
        task.run();
      }
    }
  }

  final Guild guild = mock(Guild.class);
  final TextChannel lobby = mock(TextChannel.class);
  final Map<String, ThreadChannel> threads = new LinkedHashMap<>();
  final Map<String, String> threadNames = new LinkedHashMap<>();
  final Map<String, Set<String>> threadMembers = new LinkedHashMap<>();
  final List<String> deletedThreads = new ArrayList<>();
  final List<Posted> posted = new ArrayList<>();
  final ChannelMap channels = new ChannelMap(LOBBY_ID, ChannelId.of("kiwipugs"));
  private final AtomicLong nextThread = new AtomicLong(333_333_333_333_333_001L);
  private final AtomicLong nextUser = new AtomicLong(100_000_000_000_000_001L);
  private final AtomicLong nextInteraction = new AtomicLong(777_777_777_777_777_001L);

  FakeDiscord() {
    when(guild.getIdLong()).thenReturn(GUILD_ID);
    when(guild.getName()).thenReturn("Kiwi PUGs");
    when(lobby.getId()).thenReturn(LOBBY_ID);
    when(lobby.getName()).thenReturn("kiwipugs");
    when(guild.getTextChannelById(LOBBY_ID)).thenReturn(lobby);
    when(lobby.sendMessage(any(MessageCreateData.class)))
        .thenAnswer(call -> post(LOBBY_ID, call.getArgument(0)));
    when(lobby.createThreadChannel(anyString(), eq(true)))
        .thenAnswer(call -> newThread(call.getArgument(0)));
  }

  // --- channels ----------------------------------------------------------------------------

  private MessageCreateAction post(String channel, MessageCreateData data) {
    posted.add(new Posted(channel, data));
    MessageCreateAction action = mock(MessageCreateAction.class, RETURNS_SELF);
    when(action.complete()).thenReturn(null);
    return action;
  }

  private ThreadChannelAction newThread(String name) {
    String id = Long.toString(nextThread.getAndIncrement());
    ThreadChannel thread = mock(ThreadChannel.class);
    when(thread.getId()).thenReturn(id);
    when(thread.getName()).thenReturn(name);
    when(thread.sendMessage(any(MessageCreateData.class)))
        .thenAnswer(call -> post(id, call.getArgument(0)));
    when(thread.addThreadMemberById(anyString())).thenAnswer(call -> {
      threadMembers.get(id).add(call.getArgument(0));
      return voidAction();
    });
    when(thread.removeThreadMemberById(anyString())).thenAnswer(call -> {
      threadMembers.get(id).remove(call.<String>getArgument(0));
      return voidAction();
    });
    AuditableRestAction<Void> delete = auditableVoidAction();
    when(thread.delete()).thenAnswer(call -> {
      deletedThreads.add(id);
      return delete;
    });
    threads.put(id, thread);
    threadNames.put(id, name);
    threadMembers.put(id, new LinkedHashSet<>());
    when(guild.getThreadChannelById(id)).thenReturn(thread);
    ThreadChannelAction action = mock(ThreadChannelAction.class, RETURNS_SELF);
    when(action.complete()).thenReturn(thread);
    when(action.submit()).thenReturn(CompletableFuture.completedFuture(thread));
    return action;
  }

  @SuppressWarnings("unchecked")
  static RestAction<Void> voidAction() {
    RestAction<Void> action = mock(RestAction.class, RETURNS_SELF);
    when(action.complete()).thenReturn(null);
    when(action.submit()).thenReturn(CompletableFuture.completedFuture(null));
    return action;
  }

  @SuppressWarnings("unchecked")
  static AuditableRestAction<Void> auditableVoidAction() {
    AuditableRestAction<Void> action = mock(AuditableRestAction.class, RETURNS_SELF);
    when(action.complete()).thenReturn(null);
    return action;
  }

  /** The texts posted in channel {@code id}. */
  List<String> postedIn(String id) {
    return posted.stream().filter(p -> p.channelId().equals(id)).map(Posted::text).toList();
  }

  Optional<String> threadNamed(String name) {
    return threadNames.entrySet().stream().filter(e -> e.getValue().equals(name))
        .map(Map.Entry::getKey).findFirst();
  }

  // --- members -----------------------------------------------------------------------------

  /** A member of the server with a new id, the given roles, and Manage Server if asked. */
  Member member(String name, boolean manageServer, String... roles) {
    return member(nextUser.getAndIncrement(), name, manageServer, roles);
  }

  static Member member(long id, String name, boolean manageServer, String... roles) {
    Member member = mock(Member.class);
    User user = mock(User.class);
    when(member.getIdLong()).thenReturn(id);
    when(member.getId()).thenReturn(Long.toString(id));
    when(member.getEffectiveName()).thenReturn(name);
    when(member.getUser()).thenReturn(user);
    when(user.getIdLong()).thenReturn(id);
    when(user.getEffectiveName()).thenReturn(name);
    when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(manageServer);
    List<Role> list = Arrays.stream(roles).map(roleName -> {
      Role role = mock(Role.class);
      when(role.getName()).thenReturn(roleName);
      return role;
    }).toList();
    when(member.getRoles()).thenReturn(list);
    return member;
  }

  // --- events ------------------------------------------------------------------------------

  /** A command's event and what it was answered. */
  static final class Call {
    final InteractionHook hook = mock(InteractionHook.class);
    final ReplyCallbackAction defer = mock(ReplyCallbackAction.class, RETURNS_SELF);
    final ReplyCallbackAction direct = mock(ReplyCallbackAction.class, RETURNS_SELF);
    final List<Reply> replies = new ArrayList<>();
    final List<MessageCreateData> directReplies = new ArrayList<>();

    /** Whether Discord accepts the acknowledgement; a refusal fails it with this. */
    RuntimeException ackRefusal;

    @SuppressWarnings("unchecked")
    Call() {
      // Discord answers the acknowledgement at once: the success callback runs (or the failure).
      org.mockito.Mockito.doAnswer(call -> {
        if (ackRefusal == null) {
          java.util.function.Consumer<Object> ok = call.getArgument(0);
          if (ok != null) {
            ok.accept(null);
          }
        } else {
          java.util.function.Consumer<Throwable> failed = call.getArgument(1);
          failed.accept(ackRefusal);
        }
        return null;
      }).when(defer).queue(any(), any());
      when(hook.sendMessage(any(MessageCreateData.class))).thenAnswer(call -> {
        WebhookMessageCreateAction<Message> action =
            mock(WebhookMessageCreateAction.class, RETURNS_SELF);
        replies.add(new Reply(textOf(call.getArgument(0)), action, false));
        return action;
      });
      when(hook.editOriginal(any(MessageEditData.class))).thenAnswer(call -> {
        WebhookMessageEditAction<Message> action =
            mock(WebhookMessageEditAction.class, RETURNS_SELF);
        MessageEditData edit = call.getArgument(0);
        replies.add(new Reply(edit.getContent().isEmpty() && !edit.getEmbeds().isEmpty()
            ? String.valueOf(edit.getEmbeds().get(0).getDescription()) : edit.getContent(),
            action, true));
        return action;
      });
    }

    List<String> texts() {
      return replies.stream().map(Reply::text).toList();
    }

    String onlyText() {
      if (replies.size() != 1) {
        throw new AssertionError("expected one reply, got " + texts());
      }
      return replies.get(0).text();
    }
  }

  /** Options of a slash command: {@code "region", "us-e"} or {@code "user", member}. */
  static OptionMapping option(String name, Object value) {
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name);
    if (value instanceof Member) {
      Member member = (Member) value;
      User user = member.getUser();
      when(option.getType()).thenReturn(OptionType.USER);
      when(option.getAsMember()).thenReturn(member);
      when(option.getAsUser()).thenReturn(user);
    } else {
      when(option.getType()).thenReturn(OptionType.STRING);
      when(option.getAsString()).thenReturn(value.toString());
    }
    return option;
  }

  SlashCommandInteractionEvent slash(Call call, Member member, String channelId, String command,
      String sub, OptionMapping... options) {
    SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
    when(event.getGuild()).thenReturn(guild);
    when(event.getMember()).thenReturn(member);
    User user = member.getUser();
    when(event.getUser()).thenReturn(user);
    when(event.getChannelIdLong()).thenReturn(Long.parseLong(channelId));
    when(event.getName()).thenReturn(command);
    when(event.getSubcommandName()).thenReturn(sub.isEmpty() ? null : sub);
    when(event.getOptions()).thenReturn(List.of(options));
    wire(event, call);
    return event;
  }

  ButtonInteractionEvent button(Call call, Member member, String channelId, String customId) {
    ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
    when(event.getGuild()).thenReturn(guild);
    when(event.getMember()).thenReturn(member);
    User user = member.getUser();
    when(event.getUser()).thenReturn(user);
    when(event.getChannelIdLong()).thenReturn(Long.parseLong(channelId));
    when(event.getComponentId()).thenReturn(customId);
    wire(event, call);
    return event;
  }

  private void wire(net.dv8tion.jda.api.interactions.callbacks.IReplyCallback event,
      Call call) {
    long id = nextInteraction.getAndIncrement();
    when(event.getIdLong()).thenReturn(id);
    when(event.getId()).thenReturn(Long.toString(id));
    when(event.deferReply(true)).thenReturn(call.defer);
    when(event.getHook()).thenReturn(call.hook);
    when(event.reply(any(MessageCreateData.class))).thenAnswer(c -> {
      call.directReplies.add(c.getArgument(0));
      return call.direct;
    });
  }

  // --- the bot -----------------------------------------------------------------------------

  /** The bot's Discord side wired to a real {@link BotRuntime} on a console clock. */
  final class Bot {
    final Tasks tasks = new Tasks();
    final DiscordOutbox outbox = new DiscordOutbox(guild, channels);
    final ThreadPartyChannels parties =
        new ThreadPartyChannels(lobby, guild, DiscordBot.REQUEST_TIMEOUT);
    final Console.ConsoleClock clock = new Console.ConsoleClock(
        Instant.parse("2026-01-01T18:00:00Z"));
    final BotRuntime runtime;
    final InteractionListener listener;

    Bot(Map<String, String> env) {
      BotConfig config = BotConfig.load(env, Optional.empty());
      runtime = BotRuntime.start(config, parties, clock, new SplittableRandom(1), outbox);
      listener = new InteractionListener(GUILD_ID,
          new Interactions(channels, config.moderatorRole()), tasks, runtime::handle, outbox);
    }

    /** Runs a slash command to its end and returns what it was answered. */
    Call run(Member member, String channelId, String command, String sub,
        OptionMapping... options) {
      Call call = new Call();
      listener.onSlashCommandInteraction(slash(call, member, channelId, command, sub, options));
      tasks.runAll();
      return call;
    }

    Call click(Member member, String channelId, String customId) {
      Call call = new Call();
      listener.onButtonInteraction(button(call, member, channelId, customId));
      tasks.runAll();
      return call;
    }
  }

  /** A refusal as JDA makes it from Discord's answer: HTTP {@code status}, a JSON error body. */
  static net.dv8tion.jda.api.exceptions.ErrorResponseException discordError(int status, int code,
      String message) {
    String json = "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    okhttp3.Response raw = new okhttp3.Response.Builder()
        .request(new okhttp3.Request.Builder().url("http://localhost/api").build())
        .protocol(okhttp3.Protocol.HTTP_1_1).code(status).message(message)
        .body(okhttp3.ResponseBody.Companion.create(json,
            okhttp3.MediaType.Companion.parse("application/json")))
        .build();
    net.dv8tion.jda.api.requests.Response response =
        new net.dv8tion.jda.api.requests.Response(raw, status, message, 0L, Set.of());
    return net.dv8tion.jda.api.exceptions.ErrorResponseException.create(
        net.dv8tion.jda.api.requests.ErrorResponse.fromJSON(response.optObject().orElseThrow()),
        response);
  }
}
