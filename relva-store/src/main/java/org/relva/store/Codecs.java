package org.relva.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyTally;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MapPoll;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.RecentMaps;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.core.store.StorageException;
import org.relva.core.store.StoreNames;
import org.relva.matchmaking.analytics.PopRecord;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.stats.PlayerRecord;
import org.relva.matchmaking.stats.RatedMatch;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.matchmaking.stats.RatingKey;

/**
 * How each store's keys and values become JSON text and back: a registry from a store's name to
 * its key and value types, with one Jackson mapper for all of them. Immutable and thread-safe.
 *
 * <p>The mapper sees records through their fields and canonical constructors only, never through
 * getter-like methods ({@code Party.isFull()} is not state), so what is written is exactly a
 * record's components and reading it back runs the record's own validation. Ids, codes and
 * regions are written as their plain strings, also as map keys; instants and durations as ISO-8601
 * text, which keeps nanoseconds; a queue entity names its kind ({@code party} or {@code solo}).
 * Unknown properties are refused, so a value written by a newer Relva is not silently cut down.
 */
final class Codecs {
  /** A store's key and value types, and a reader for each, made once. */
  record Types(JavaType key, JavaType value, ObjectReader keyReader, ObjectReader valueReader,
      ObjectWriter keyWriter, ObjectWriter valueWriter) {}

  /**
   * The stores kept once per rating ladder or per queue, under the names {@link StoreNames} gives
   * ({@code ratings@2v2}): a qualified name reads and writes its base's types.
   */
  static final java.util.Set<String> QUALIFIABLE = java.util.Set.of(RatingBook.RATINGS,
      RatingBook.RATED, QueueAnalytics.POPS, QueueAnalytics.COUNTS);

  private final Map<String, Types> stores;
  /** Ladders' and queues' copies of the qualifiable stores, by name, as they are met. */
  private final Map<String, Types> qualified = new java.util.concurrent.ConcurrentHashMap<>();

  private Codecs(Map<String, Types> stores) {
    this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
  }

  /** The stores the core and the matchmaking engine keep, by the names they commit them under. */
  static Map<String, Type[]> builtIn() {
    Map<String, Type[]> all = new LinkedHashMap<>();
    all.put("parties", types(EntityId.class, Party.class));
    all.put("leaders", types(UserId.class, EntityId.class));
    all.put("channels", types(EntityId.class, ChannelId.class));
    all.put("memberships", types(UserId.class, EntityId.class));
    all.put("joinCodes", types(JoinCode.class, EntityId.class));
    all.put("queue", types(QueueSlot.class, QueueEntry.class));
    all.put("soloTickets", types(UserId.class, EntityId.class));
    all.put("tallies", types(EntityId.class, PartyTally.class));
    all.put("matches", types(String.class, MatchRecord.class));
    all.put("history", types(String.class, MatchRecord.class));
    all.put("playerMatches", types(UserId.class, String.class));
    all.put("stays", types(EntityId.class, Instant.class));
    all.put("bans", types(UserId.class, QueueBan.class));
    all.put("cooldowns", types(UserId.class, Instant.class));
    all.put("corrections", types(String.class, MatchAudit.class));
    all.put("subRequests", types(UserId.class, String.class));
    all.put("mapPolls", types(String.class, MapPoll.class));
    all.put("recentMaps", types(UserId.class, RecentMaps.class));
    all.put("drafts", types(String.class, DraftBoard.class));
    all.put("ratings", types(RatingKey.class, PlayerRecord.class));
    all.put("ratedMatches", types(String.class, RatedMatch.class));
    all.put("pops", types(String.class, PopRecord.class));
    all.put("popCounts", types(Region.class, Long.class));
    return all;
  }

  private static Type[] types(Type key, Type value) {
    return new Type[] {key, value};
  }

  static Codecs of(Map<String, Type[]> stores) {
    ObjectMapper mapper = mapper();
    Map<String, Types> resolved = new LinkedHashMap<>();
    stores.forEach((name, kv) -> {
      JavaType key = mapper.getTypeFactory().constructType(kv[0]);
      JavaType value = mapper.getTypeFactory().constructType(kv[1]);
      resolved.put(name, new Types(key, value, mapper.readerFor(key), mapper.readerFor(value),
          mapper.writerFor(key), mapper.writerFor(value)));
    });
    return new Codecs(resolved);
  }

  /** The names of the stores known here, in registration order. */
  java.util.Set<String> names() {
    return stores.keySet();
  }

  /**
   * Whether this registry knows {@code store}: by its name, or as a ladder's or queue's copy of
   * a {@linkplain #QUALIFIABLE qualifiable} store.
   */
  boolean knows(String store) {
    return resolve(store) != null;
  }

  private @Nullable Types resolve(String store) {
    Types types = stores.get(store);
    if (types == null) {
      // A ladder's or queue's copy, read on every row and commit: its name is parsed once.
      // A name that is no store maps to nothing, which is not kept, so it cannot grow the map.
      types = qualified.computeIfAbsent(store, name -> StoreNames.baseOf(name)
          .filter(QUALIFIABLE::contains).map(stores::get).orElse(null));
    }
    return types;
  }

  /** Refuses, with the usual message, a store this registry does not know. */
  void check(String store) {
    types(store);
  }

  String encodeKey(String store, Object key) {
    Types types = types(store);
    return encode(store, "key", types.key(), types.keyWriter(), key);
  }

  String encodeValue(String store, Object value) {
    Types types = types(store);
    return encode(store, "value", types.value(), types.valueWriter(), value);
  }

  Object decodeKey(String store, String json) {
    return decodeKey(store, json.getBytes(StandardCharsets.UTF_8));
  }

  Object decodeValue(String store, String json) {
    return decodeValue(store, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a key from its JSON's UTF-8 bytes, as the database returns them. */
  Object decodeKey(String store, byte[] json) {
    Types types = types(store);
    return decode(store, "key", types.key(), types.keyReader(), json);
  }

  /** Decodes a value from its JSON's UTF-8 bytes, as the database returns them. */
  Object decodeValue(String store, byte[] json) {
    Types types = types(store);
    return decode(store, "value", types.value(), types.valueReader(), json);
  }

  private Types types(String store) {
    Types types = resolve(requireNonNull(store, "store"));
    if (types == null) {
      throw new StorageException("No store is named '" + store + "'; the stores this journal "
          + "keeps are " + stores.keySet() + ", and a ladder's or queue's copy of " + QUALIFIABLE
          + " (such as 'ratings@2v2'). Register a store's types with "
          + "RelvaStore.builder().store(name, keyType, valueType).");
    }
    return types;
  }

  private static String encode(
      String store, String what, JavaType type, ObjectWriter writer, Object object) {
    if (!type.getRawClass().isInstance(object) && !boxes(type.getRawClass(), object)) {
      throw new StorageException("Store '" + store + "' keeps a " + type.getRawClass().getName()
          + " as its " + what + ", not a " + object.getClass().getName() + ": " + object);
    }
    try {
      return writer.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new StorageException(
          "Cannot encode a " + what + " of store '" + store + "': " + e.getOriginalMessage(), e);
    }
  }

  private static boolean boxes(Class<?> raw, Object object) {
    return raw.isPrimitive() && object instanceof Number;
  }

  private static Object decode(
      String store, String what, JavaType type, ObjectReader reader, byte[] json) {
    try {
      Object decoded = reader.readValue(json);
      if (decoded == null) {
        throw new StorageException("A " + what + " of store '" + store + "' is null: "
            + new String(json, StandardCharsets.UTF_8));
      }
      return decoded;
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException("Cannot read a " + what + " of store '" + store + "' ("
          + type.getRawClass().getSimpleName() + ") from " + new String(json, StandardCharsets.UTF_8)
          + ": " + e.getMessage(), e);
    }
  }

  // The mapper.

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Party.class, name = Party.TYPE),
      @JsonSubTypes.Type(value = SoloPlayer.class, name = SoloPlayer.TYPE)})
  private interface QueueEntityMixIn {}

  private static ObjectMapper mapper() {
    SimpleModule ids = new SimpleModule("relva-ids");
    asString(ids, EntityId.class, EntityId::value, EntityId::new);
    asString(ids, UserId.class, UserId::value, UserId::new);
    asString(ids, ChannelId.class, ChannelId::value, ChannelId::new);
    asString(ids, JoinCode.class, JoinCode::value, JoinCode::new);
    asString(ids, Region.class, Region::code, Region::new);
    // A queue slot of the default queue is its entity's id alone, so an old database's keys read
    // as the default queue's; a value written before there were queues names none: the default.
    asString(ids, QueueSlot.class, QueueSlot::text, QueueSlot::parse);
    asString(ids, QueueId.class, QueueId::value, QueueId::new);
    // Field names are not interned: user ids are field names in a match's reports, and
    // interning ten thousand of them on a restore costs more than it saves.
    return JsonMapper.builder(JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build())
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .addModule(ids)
        .addMixIn(QueueEntity.class, QueueEntityMixIn.class)
        .visibility(PropertyAccessor.GETTER, Visibility.NONE)
        .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
        .visibility(PropertyAccessor.SETTER, Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, Visibility.ANY)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();
  }

  /** Writes {@code type} as the string {@code to} gives, as a value and as a map key. */
  private static <T> void asString(
      SimpleModule module, Class<T> type, Function<T, String> to, Function<String, T> from) {
    module.addSerializer(type, new StdSerializer<T>(type) {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(to.apply(value));
      }
    });
    module.addKeySerializer(type, new StdSerializer<T>(type) {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeFieldName(to.apply(value));
      }
    });
    module.addDeserializer(type, new StdDeserializer<T>(type) {
      @Override
      public Object getAbsentValue(DeserializationContext ctxt) {
        return type == QueueId.class ? QueueId.DEFAULT : null;
      }

      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          return type.cast(ctxt.handleUnexpectedToken(type, p));
        }
        String text = p.getText();
        try {
          return from.apply(text);
        } catch (IllegalArgumentException e) {
          throw ctxt.weirdStringException(text, type, e.getMessage());
        }
      }
    });
    module.addKeyDeserializer(type, new com.fasterxml.jackson.databind.KeyDeserializer() {
      @Override
      public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
        try {
          return from.apply(key);
        } catch (IllegalArgumentException e) {
          throw ctxt.weirdKeyException(type, key, e.getMessage());
        }
      }
    });
  }
}
