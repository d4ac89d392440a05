package dev.postern.server.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * JSON of the admin verbs and the REST API: one line per document, instants in ISO-8601 UTC, absent
 * values as null.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static void putInstant(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, instant.toString());
        }
    }

    public static void putScopes(ObjectNode node, Set<Scope> scopes) {
        ArrayNode array = node.putArray("scopes");
        EnumSet.copyOf(scopes).forEach(scope -> array.add(scope.wireName()));
    }

    /** The document on one line. */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
