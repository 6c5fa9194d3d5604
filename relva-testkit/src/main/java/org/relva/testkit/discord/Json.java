package org.relva.testkit.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers to write Discord's JSON with Jackson's tree model. Stateless. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** An object from key-value pairs; values are strings, numbers, booleans, nodes, lists or null. */
  static ObjectNode obj(@Nullable Object... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("pairs must come in twos");
    }
    ObjectNode node = NODES.objectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      node.set((String) pairs[i], node(pairs[i + 1]));
    }
    return node;
  }

  static ArrayNode arr(@Nullable Object... values) {
    ArrayNode array = NODES.arrayNode();
    for (Object value : values) {
      array.add(node(value));
    }
    return array;
  }

  static JsonNode node(@Nullable Object value) {
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof JsonNode json) {
      return json;
    } else if (value instanceof String s) {
      return NODES.textNode(s);
    } else if (value instanceof Integer i) {
      return NODES.numberNode(i);
    } else if (value instanceof Long l) {
      return NODES.numberNode(l);
    } else if (value instanceof Double d) {
      return NODES.numberNode(d);
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Collection<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(v -> array.add(node(v)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), node(v)));
      return object;
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass());
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text.isEmpty() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A text field, or {@code fallback} when it is missing or null. */
  static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
