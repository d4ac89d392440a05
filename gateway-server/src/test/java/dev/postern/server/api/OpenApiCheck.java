package dev.postern.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a real answer of the API against the OpenAPI document the gateway serves: the path, method
 * and status must be described, with the answer's content type, and the body must match the schema
 * given there (JSON Schema 2020-12, as OpenAPI 3.1 says).
 */
final class OpenApiCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private int checked;

    OpenApiCheck(byte[] served) throws IOException {
        this.document = JSON.readTree(served);
        assertThat(document.get("openapi").asText()).startsWith("3.1");
    }

    /** How many answers were checked so far. */
    int checked() {
        return checked;
    }

    /**
     * @param path the request's path under {@code /api/v1}, e.g. {@code /users/alice%40example.com}
     */
    void check(String method, String path, int status, String contentType, String body) throws IOException {
        if (status == 404 && contentType != null && contentType.startsWith("application/problem") && !described(path)
                || status == 405 || status == 413) { // a path, method or size the document has no operation for
            assertThat(contentType).isEqualTo("application/problem+json");
            validate("#/components/schemas/Problem", body, method + " " + path + " " + status);
            return;
        }
        JsonNode operation = operation(method, path);
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        assertThat(response.isMissingNode()).as("%s %s answers %s, which the document does not describe", method, path,
                status).isFalse();
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            assertThat(body).as("%s %s %s has no body in the document", method, path, status).isEmpty();
            checked++;
            return;
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        JsonNode media = content.path(type);
        assertThat(media.isMissingNode()).as("%s %s %s: content type %s is not in the document (it says %s)", method,
                path, status, type, content.fieldNames().next()).isFalse();
        validate(media.get("schema").deepCopy(), body, method + " " + path + " " + status);
    }

    private void validate(String ref, String body, String what) throws IOException {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$ref", ref);
        validate(schema, body, what);
    }

    private void validate(ObjectNode schema, String body, String what) throws IOException {
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.set("components", document.get("components"));
        JsonSchema validator = schemas.getSchema(schema);
        Set<ValidationMessage> errors = validator.validate(JSON.readTree(body));
        assertThat(errors).as("%s body %s", what, body).isEmpty();
        checked++;
    }

    private boolean described(String path) {
        Iterator<String> templates = document.get("paths").fieldNames();
        while (templates.hasNext()) {
            if (path.matches(regex(templates.next()))) {
                return true;
            }
        }
        return false;
    }

    private static String regex(String template) {
        return Pattern.quote(template).replaceAll("\\{[a-z]+\\}", "\\\\E[^/]+\\\\Q");
    }

    private JsonNode operation(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (path.matches(regex(entry.getKey()))) {
                JsonNode operation = entry.getValue().path(method.toLowerCase());
                assertThat(operation.isMissingNode()).as("%s %s is not in the document", method, path).isFalse();
                return operation;
            }
        }
        throw new AssertionError(path + " is not in the document");
    }
}
