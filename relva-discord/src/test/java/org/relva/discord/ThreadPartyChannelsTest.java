package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel.AutoArchiveDuration;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.AuditableRestAction;
import net.dv8tion.jda.api.requests.restaction.ThreadChannelAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.relva.core.PartyChannels.ChannelException;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/** Party channels as private threads, against fakes of JDA's channels and requests. */
class ThreadPartyChannelsTest {
  private static final String THREAD_ID = "555555555555555555";
  private static final Member LEADER = Member.of("1001", "alice");
  private static final EntityId PARTY = EntityId.of("K8d0wl5");

  private final Guild guild = mock(Guild.class);
  private final TextChannel lobby = mock(TextChannel.class);
  private final ThreadChannel thread = mock(ThreadChannel.class);
  private final ThreadChannelAction create = mock(ThreadChannelAction.class, RETURNS_SELF);
  private final RestAction<Void> add = FakeDiscord.voidAction();
  private final OperatorLog operator = new OperatorLog();
  private final ThreadPartyChannels channels =
      new ThreadPartyChannels(lobby, guild, Duration.ofSeconds(10), operator);

  ThreadPartyChannelsTest() {
    when(lobby.createThreadChannel(anyString(), org.mockito.ArgumentMatchers.anyBoolean()))
        .thenReturn(create);
    when(create.submit()).thenReturn(CompletableFuture.completedFuture(thread));
    when(thread.getId()).thenReturn(THREAD_ID);
    when(thread.addThreadMemberById(anyString())).thenReturn(add);
    when(guild.getThreadChannelById(THREAD_ID)).thenReturn(thread);
  }

  private static ErrorResponseException discordError(int code, String message) {
    return FakeDiscord.discordError(400, code, message);
  }

  @Test
  @DisplayName("open creates a private, non-invitable thread named as asked, adds the leader, returns its id")
  void open() throws Exception {
    ChannelId id = channels.open(PARTY, "Party [K8d0wl5]", LEADER);

    assertThat(id).isEqualTo(ChannelId.of(THREAD_ID));
    verify(lobby).createThreadChannel("Party [K8d0wl5]", true);
    verify(create).setInvitable(false);
    verify(create).setAutoArchiveDuration(AutoArchiveDuration.TIME_1_WEEK);
    verify(create).timeout(10_000, TimeUnit.MILLISECONDS);
    verify(create).submit();
    verify(thread).addThreadMemberById("1001");
    verify(add).timeout(10_000, TimeUnit.MILLISECONDS);
    verify(add).submit();
  }

  @Test
  @DisplayName("open: Discord's active-thread cap (160006) becomes a ChannelException saying so")
  void open_activeThreadCap() {
    ErrorResponseException cap = discordError(160006, "Maximum number of active threads reached");
    assertThat(cap.getErrorResponse()).isEqualTo(ErrorResponse.MAX_ACTIVE_THREADS);
    when(create.submit()).thenReturn(CompletableFuture.failedFuture(cap));

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("This server has too many active threads")
        .hasCause(cap);
    verify(thread, never()).addThreadMemberById(anyString());
  }

  @Test
  @DisplayName("open: a request that timed out before it was sent becomes a ChannelException")
  void open_skippedRequest() {
    // What JDA's future fails with when a request's timeout() runs out while it waits its turn.
    when(create.submit()).thenReturn(CompletableFuture.failedFuture(new TimeoutException()));

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("Discord did not answer in time");
  }

  @Test
  @DisplayName("open: no answer within the timeout becomes a ChannelException")
  void open_timeout() {
    // A request Discord never answers: open stops waiting after its timeout.
    when(create.submit()).thenReturn(new CompletableFuture<>());
    ThreadPartyChannels impatient = new ThreadPartyChannels(lobby, guild, Duration.ofMillis(50));

    assertThatThrownBy(() -> impatient.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("Discord did not answer in time");
  }

  @Test
  @DisplayName("open: a missing permission becomes a ChannelException naming it, and the "
      + "operator is told what to grant")
  void open_missingPermission() {
    // JDA checks the bot's permissions itself and throws before sending the request.
    InsufficientPermissionException missing =
        new InsufficientPermissionException(guild, Permission.CREATE_PRIVATE_THREADS);
    when(lobby.createThreadChannel(anyString(), org.mockito.ArgumentMatchers.anyBoolean()))
        .thenThrow(missing);

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("lacks the Create Private Threads permission");
    assertThat(operator.recent()).singleElement().asString()
        .contains("Relva lacks Create Private Threads", "Server Settings, Roles");
  }

  @Test
  @DisplayName("open: Discord's own 50013 (JDA's cache did not know) names the permission "
      + "creating a thread needs")
  void open_missingPermissionsFromDiscord() {
    when(create.submit()).thenReturn(CompletableFuture.failedFuture(
        FakeDiscord.discordError(403, 50013, "Missing Permissions")));

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("lacks the Create Private Threads permission");
    assertThat(operator.recent()).singleElement().asString()
        .contains("Create Private Threads");
  }

  @Test
  @DisplayName("a thread Discord archived is unarchived; a grant meanwhile waits, and runs on the "
      + "thread once it is back")
  void archivedThread_isUnarchived_andChangesWait() {
    ThreadChannel archived = partyThread();
    net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager manager =
        managerOf(archived);
    ThreadChannel back = partyThread();
    when(back.addThreadMemberById(anyString())).thenReturn(add);

    channels.archived(archived);
    channels.grant(ChannelId.of("777777777777777777"), Member.of("1002", "bob"));

    verify(manager).setArchived(false);
    verify(manager).queue(any(), any());
    verify(back, never()).addThreadMemberById(anyString());
    channels.unarchived(back);
    verify(back).addThreadMemberById("1002");
    verify(add).queue(any(), any());
  }

  @Test
  @DisplayName("a grant that finds the thread archived before the bot's listener has heard of it "
      + "waits for the unarchive rather than being dropped")
  void archivedThread_grantBeforeTheListener_waits() {
    ThreadChannel archived = partyThread();
    when(archived.isArchived()).thenReturn(true);
    when(guild.getThreadChannelById("777777777777777777")).thenReturn(archived);
    net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager manager =
        managerOf(archived);
    ThreadChannel back = partyThread();
    when(back.addThreadMemberById(anyString())).thenReturn(add);

    // JDA has marked the thread archived; ThreadWatch has not run yet.
    channels.grant(ChannelId.of("777777777777777777"), Member.of("1003", "carol"));
    verify(archived, never()).addThreadMemberById(anyString());
    verify(manager).setArchived(false); // the grant asks for the unarchive itself
    assertThat(channels.hold(archived)).as("already held by the grant").isFalse();
    channels.unarchived(back);

    verify(back).addThreadMemberById("1003");
    verify(add).queue(any(), any());
  }

  @Test
  @DisplayName("a thread Discord will not unarchive (the active-thread cap): the waiting changes "
      + "are dropped and the operator is told")
  @SuppressWarnings("unchecked")
  void archivedThread_unarchiveRefused() {
    ThreadChannel archived = partyThread();
    net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager manager =
        managerOf(archived);
    Mockito.doAnswer(call -> {
      ((java.util.function.Consumer<Throwable>) call.getArgument(1)).accept(
          discordError(160006, "Maximum number of active threads reached"));
      return null;
    }).when(manager).queue(any(), any());

    channels.archived(archived);
    channels.grant(ChannelId.of("777777777777777777"), Member.of("1002", "bob"));
    channels.unarchived(archived);

    verify(archived, never()).addThreadMemberById(anyString());
    assertThat(operator.recent()).singleElement().asString()
        .contains("cap of active threads", "777777777777777777");
  }

  @Test
  @DisplayName("a grant to an archived thread Discord will not unarchive is dropped with the "
      + "operator told, not left waiting for nothing")
  @SuppressWarnings("unchecked")
  void archivedThread_grantAfterUnarchiveRefused_doesNotWaitForever() {
    ThreadChannel archived = partyThread();
    when(archived.isArchived()).thenReturn(true);
    when(guild.getThreadChannelById("777777777777777777")).thenReturn(archived);
    net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager manager =
        managerOf(archived);
    Mockito.doAnswer(call -> {
      ((java.util.function.Consumer<Throwable>) call.getArgument(1)).accept(
          discordError(160006, "Maximum number of active threads reached"));
      return null;
    }).when(manager).queue(any(), any());
    ThreadChannel back = partyThread();

    channels.grant(ChannelId.of("777777777777777777"), Member.of("1003", "carol"));
    assertThat(operator.recent()).singleElement().asString().contains("cap of active threads");
    assertThat(channels.hold(archived)).as("nothing was left holding the thread").isTrue();
    channels.unarchived(back);

    verify(back, never()).addThreadMemberById(anyString());
  }

  @Test
  @DisplayName("open: another refusal becomes a ChannelException with Discord's reason")
  void open_otherRefusal() {
    when(create.submit()).thenReturn(CompletableFuture.failedFuture(
        discordError(50035, "Invalid Form Body")));

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("Discord refused")
        .hasMessageContaining("Invalid Form Body");
  }

  @Test
  @DisplayName("open: if the leader cannot be added, the new thread is deleted and open fails")
  void open_leaderNotAdded() {
    when(add.submit()).thenReturn(CompletableFuture.failedFuture(new TimeoutException()));
    AuditableRestAction<Void> delete = FakeDiscord.auditableVoidAction();
    when(thread.delete()).thenReturn(delete);

    assertThatThrownBy(() -> channels.open(PARTY, "Party [K8d0wl5]", LEADER))
        .isInstanceOf(ChannelException.class)
        .hasMessageContaining("add you to the party's thread");
    verify(delete).queue(any(), any());
  }

  @Test
  @DisplayName("grant queues adding the member to the thread, by id")
  void grant() {
    channels.grant(ChannelId.of(THREAD_ID), Member.of("1002", "bob"));

    verify(thread).addThreadMemberById("1002");
    verify(add).queue(any(), any());
    verify(add, never()).submit();
  }

  @Test
  @DisplayName("revoke queues removing the member from the thread, by id")
  void revoke() {
    RestAction<Void> remove = FakeDiscord.voidAction();
    when(thread.removeThreadMemberById(anyString())).thenReturn(remove);

    channels.revoke(ChannelId.of(THREAD_ID), UserId.of("1002"));

    verify(thread).removeThreadMemberById("1002");
    verify(remove).queue(any(), any());
  }

  @Test
  @DisplayName("close queues deleting the thread")
  void close() {
    AuditableRestAction<Void> delete = FakeDiscord.auditableVoidAction();
    when(thread.delete()).thenReturn(delete);

    channels.close(ChannelId.of(THREAD_ID));

    verify(delete).queue(any(), any());
  }

  @Test
  @DisplayName("a thread that is gone (deleted or archived) is skipped without an error")
  void goneThread() {
    ChannelId gone = ChannelId.of("666666666666666666");

    channels.grant(gone, Member.of("1002", "bob"));
    channels.revoke(gone, UserId.of("1002"));
    channels.close(gone);

    verify(guild, org.mockito.Mockito.times(3)).getThreadChannelById("666666666666666666");
    verify(thread, never()).addThreadMemberById(anyString());
    verify(thread, never()).delete();
  }

  /** A thread of the lobby, as JDA caches it. */
  /** A party's thread, as JDA caches it: the same id each call, a new object. */
  private ThreadChannel partyThread() {
    return cached("777777777777777777", "Party [K8d0wl5]", 42L, java.time.Instant.EPOCH);
  }

  /** {@code thread}'s manager, whose changes chain until queued (and then do nothing). */
  private static net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager managerOf(
      ThreadChannel thread) {
    net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager manager =
        mock(net.dv8tion.jda.api.managers.channel.concrete.ThreadChannelManager.class,
            RETURNS_SELF);
    when(thread.getManager()).thenReturn(manager);
    return manager;
  }

  private ThreadChannel cached(String id, String name, long owner, java.time.Instant created) {
    ThreadChannel t = mock(ThreadChannel.class);
    when(t.getId()).thenReturn(id);
    when(t.getIdLong()).thenReturn(Long.parseLong(id));
    when(t.getName()).thenReturn(name);
    when(t.getOwnerIdLong()).thenReturn(owner);
    when(t.getTimeCreated()).thenReturn(created.atOffset(java.time.ZoneOffset.UTC));
    return t;
  }

  @Test
  @DisplayName("sweep deletes the bot's party threads that no party has held for minAge since it "
      + "first saw them, and only those")
  void sweep() {
    long self = 42L;
    net.dv8tion.jda.api.entities.SelfMember selfMember =
        mock(net.dv8tion.jda.api.entities.SelfMember.class);
    when(selfMember.getIdLong()).thenReturn(self);
    when(selfMember.hasPermission(lobby, Permission.MANAGE_THREADS)).thenReturn(true);
    when(guild.getSelfMember()).thenReturn(selfMember);
    java.time.Instant start = java.time.Instant.parse("2026-12-01T10:00:00Z");
    java.time.Instant old = start.minusSeconds(3600);
    ThreadChannel orphan = cached("1", "Party [K8d0wl5]", self, old);
    ThreadChannel owned = cached("2", "Party [K1234ab]", self, old);
    ThreadChannel someoneElses = cached("4", "Party [Kother1]", 7L, old);
    ThreadChannel notAParty = cached("5", "strategy talk", self, old);
    List<ThreadChannel> all = new java.util.ArrayList<>(List.of(orphan, owned, someoneElses,
        notAParty));
    when(lobby.getThreadChannels()).thenAnswer(call -> List.copyOf(all));
    AuditableRestAction<Void> delete = FakeDiscord.auditableVoidAction();
    for (ThreadChannel t : all) {
      when(t.delete()).thenReturn(delete);
    }
    Set<ChannelId> parties = Set.of(ChannelId.of("2"));
    Duration minAge = Duration.ofSeconds(30);

    // However old the thread says it is, the clock starts when the sweep first sees it.
    assertThat(channels.sweep(parties, start, minAge)).isZero();
    assertThat(channels.sweep(parties, start.plusSeconds(29), minAge)).isZero();
    // A thread that appears later has its own clock.
    ThreadChannel late = cached("3", "Party [Klate12]", self, old);
    when(late.delete()).thenReturn(delete);
    all.add(late);
    assertThat(channels.sweep(parties, start.plusSeconds(31), minAge)).isEqualTo(1);

    verify(orphan).delete();
    for (ThreadChannel kept : List.of(owned, someoneElses, notAParty, late)) {
      verify(kept, never()).delete();
    }
    // Until Discord answers, the next sweep does not ask again.
    assertThat(channels.sweep(parties, start.plusSeconds(40), minAge)).isZero();
    verify(orphan, Mockito.times(1)).delete();
    assertThat(channels.sweep(parties, start.plusSeconds(62), minAge)).isEqualTo(1);
    verify(late).delete();
  }
}
