package dev.postern.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.account.AccountService;
import dev.postern.core.auth.ApiTokens;
import dev.postern.core.identity.UserNames;
import dev.postern.core.observe.AccountChangeEvent;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UserRecord;
import dev.postern.server.views.ActivityJson;
import dev.postern.server.views.AppPasswordJson;
import dev.postern.server.views.Json;
import dev.postern.server.views.UserJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of {@code /api/v1/}. Each request is answered whole, on the caller's thread, which must
 * not be an event loop (store reads and writes, Argon2id for a new app password). Only
 * {@value #OPENAPI} is open; everything else needs an active API token.
 *
 * <pre>
 * GET    /api/v1/users                                  GET, DELETE /api/v1/users/{user}
 * POST   /api/v1/users                  {"user": ...}   POST   /api/v1/users/{user}/suspend, /resume
 * GET    /api/v1/users/{user}/activity
 * GET    /api/v1/users/{user}/app-passwords             GET    /api/v1/app-passwords/{id}
 * POST   /api/v1/users/{user}/app-passwords             DELETE /api/v1/app-passwords/{id}
 * </pre>
 */
public final class AdminApi {

    public static final String PREFIX = "/api/v1/";
    public static final String OPENAPI = PREFIX + "openapi.json";
    static final String OPENAPI_RESOURCE = "/api/openapi.json";
    /** The most lines of a user's activity one answer holds, newest first. */
    public static final int ACTIVITY_LINES = 200;
    /** A request body larger than this is refused by the listener before it reaches the API. */
    public static final int MAX_BODY = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialStore store;
    private final Supplier<AccountService> accounts;
    private final AuditLog audit;
    private final InstantSource clock;
    private final boolean withConnection;
    private final byte[] openApi;

    /**
     * @param withConnection whether users' upstream consent is shown (users connect their mailbox themselves)
     */
    public AdminApi(CredentialStore store, Supplier<AccountService> accounts, AuditLog audit, InstantSource clock,
                    boolean withConnection) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.withConnection = withConnection;
        this.openApi = openApiDocument();
    }

    /** The OpenAPI 3 document of this API, as served. */
    public static byte[] openApiDocument() {
        try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers one request; never throws. */
    public ApiReply handle(ApiRequest request) {
        try {
            return route(request);
        } catch (Problem problem) {
            return problem.reply();
        } catch (StoreUnavailableException e) {
            LOG.warn("API {} {}: store unavailable: {}", request.method(), request.path(), e.getMessage());
            return Problem.unavailable("the store cannot be reached now; try again").reply();
        } catch (RuntimeException e) {
            LOG.warn("API {} {} failed", request.method(), request.path(), e);
            return new Problem(500, "Internal Server Error", "the request failed; the gateway's log says why").reply();
        }
    }

    private ApiReply route(ApiRequest request) {
        List<String> segments = segments(request.path());
        String method = request.method();
        if (segments.equals(List.of("openapi.json"))) {
            allow(method, "GET");
            return new ApiReply(200, ApiReply.JSON, openApi, Map.of());
        }
        Caller caller = authenticate(request);
        int size = segments.size();
        if (size >= 1 && segments.get(0).equals("users")) {
            if (size == 1) {
                return switch (allow(method, "GET, POST")) {
                    case "GET" -> listUsers();
                    default -> addUser(caller, request);
                };
            }
            String user = userName(segments.get(1));
            if (size == 2) {
                return switch (allow(method, "GET, DELETE")) {
                    case "GET" -> showUser(user);
                    default -> removeUser(caller, user);
                };
            }
            if (size == 3 && segments.get(2).equals("suspend")) {
                allow(method, "POST");
                return suspend(caller, user, true);
            }
            if (size == 3 && segments.get(2).equals("resume")) {
                allow(method, "POST");
                return suspend(caller, user, false);
            }
            if (size == 3 && segments.get(2).equals("activity")) {
                allow(method, "GET");
                return activity(user);
            }
            if (size == 3 && segments.get(2).equals("app-passwords")) {
                return switch (allow(method, "GET, POST")) {
                    case "GET" -> listAppPasswords(user);
                    default -> createAppPassword(caller, user, request);
                };
            }
        }
        if (size == 2 && segments.get(0).equals("app-passwords")) {
            String id = segments.get(1).toLowerCase(Locale.ROOT);
            return switch (allow(method, "GET, DELETE")) {
                case "GET" -> ApiReply.json(200, Json.line(AppPasswordJson.json(appPassword(id), clock.instant())));
                default -> revoke(caller, id);
            };
        }
        throw Problem.notFound("no such resource; see " + OPENAPI);
    }

    // --- users ---

    private ApiReply listUsers() {
        Map<String, Integer> active = activeCounts(Optional.empty());
        ArrayNode array = Json.array();
        for (UserRecord user : store.listUsers()) {
            array.add(UserJson.json(user, active.getOrDefault(user.name(), 0), withConnection));
        }
        return ApiReply.json(200, Json.line(array));
    }

    private ApiReply showUser(String user) {
        return ApiReply.json(200, Json.line(userJson(existingUser(user))));
    }

    private ApiReply addUser(Caller caller, ApiRequest request) {
        ObjectNode body = body(request, List.of("user"));
        String name = text(body, "user", true);
        String added;
        try {
            added = accounts.get().addUser(name);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("user: " + e.getMessage());
        } catch (StoreConflictException e) {
            throw Problem.conflict(e.getMessage());
        }
        changed(caller, "user_added", added, null);
        return ApiReply.json(201, Json.line(userJson(existingUser(added))))
                .withHeader("Location", PREFIX + "users/" + added);
    }

    private ApiReply removeUser(Caller caller, String user) {
        existingUser(user);
        try {
            accounts.get().removeUser(user);
        } catch (StoreConflictException e) {
            throw Problem.notFound(e.getMessage());
        }
        changed(caller, "user_removed", user, null);
        return ApiReply.noContent();
    }

    private ApiReply suspend(Caller caller, String user, boolean suspend) {
        existingUser(user);
        try {
            if (suspend) {
                accounts.get().suspend(user);
            } else {
                accounts.get().resume(user);
            }
        } catch (StoreConflictException e) {
            throw Problem.conflict(e.getMessage());
        }
        changed(caller, suspend ? "user_suspended" : "user_resumed", user, null);
        return ApiReply.json(200, Json.line(userJson(existingUser(user))));
    }

    private ApiReply activity(String user) {
        existingUser(user);
        ArrayNode array = Json.array();
        store.activityOf(user, ACTIVITY_LINES).forEach(line -> array.add(ActivityJson.json(line)));
        return ApiReply.json(200, Json.line(array));
    }

    // --- app passwords ---

    private ApiReply listAppPasswords(String user) {
        existingUser(user);
        Instant now = clock.instant();
        ArrayNode array = Json.array();
        store.appPasswordsOf(user).forEach(record -> array.add(AppPasswordJson.json(record, now)));
        return ApiReply.json(200, Json.line(array));
    }

    private ApiReply createAppPassword(Caller caller, String user, ApiRequest request) {
        ObjectNode body = body(request, NewAppPassword.FIELDS);
        NewAppPassword wanted = NewAppPassword.from(body, clock.instant());
        AccountService.Created created;
        try {
            created = accounts.get().create(user, wanted.label(), wanted.scopes(), wanted.expiresIn(), wanted.limits());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        } catch (StoreConflictException e) {
            throw Problem.conflict(e.getMessage());
        }
        AppPasswordRecord record = created.record();
        changed(caller, "app_password_created", record.user(), record.id());
        ObjectNode node = AppPasswordJson.json(record, clock.instant());
        node.put("password", created.password());
        return ApiReply.json(201, Json.line(node)).withHeader("Location", PREFIX + "app-passwords/" + record.id());
    }

    private ApiReply revoke(Caller caller, String id) {
        AppPasswordRecord record = appPassword(id);
        if (!record.isRevoked()) {
            try {
                accounts.get().revoke(id);
            } catch (StoreConflictException alreadyRevoked) {
                return ApiReply.noContent(); // revoked in the meantime: the same outcome
            }
            changed(caller, "app_password_revoked", record.user(), id);
        }
        return ApiReply.noContent();
    }

    private AppPasswordRecord appPassword(String id) {
        return store.findAppPassword(id).orElseThrow(() -> Problem.notFound("no app password with id \""
                + UserNames.printable(id) + "\""));
    }

    // --- common ---

    private record Caller(ApiTokenRecord token, String clientIp) {
    }

    private Caller authenticate(ApiRequest request) {
        String authorization = request.authorization();
        String token = bearer(authorization);
        if (token == null) {
            throw Problem.unauthorized("send an API token as \"Authorization: Bearer <token>\"; create one with"
                    + " postern api-tokens create --label LABEL", false);
        }
        Optional<ApiTokenRecord> found = ApiTokens.idOf(token).flatMap(store::findApiToken);
        if (found.isEmpty() || !ApiTokens.matches(token, found.get().tokenHash()) || found.get().isRevoked()) {
            throw Problem.unauthorized("the API token is not valid (unknown, mistyped or revoked); see postern"
                    + " api-tokens list", true);
        }
        store.recordApiTokenUse(found.get().id(), clock.instant(), request.clientIp());
        return new Caller(found.get(), request.clientIp());
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("bearer")) {
            return null;
        }
        return header.substring(space + 1).strip();
    }

    private void changed(Caller caller, String action, String user, String appPasswordId) {
        audit.accountChange(new AccountChangeEvent("api_token:" + caller.token().label(), caller.token().id(),
                caller.clientIp(), action, user, appPasswordId));
    }

    private UserRecord existingUser(String user) {
        return store.findUser(user).orElseThrow(() -> Problem.notFound(AccountService.unknownUser(user)));
    }

    private ObjectNode userJson(UserRecord user) {
        return UserJson.json(user, activeCounts(Optional.of(user.name())).getOrDefault(user.name(), 0), withConnection);
    }

    private Map<String, Integer> activeCounts(Optional<String> user) {
        Map<String, Integer> active = new HashMap<>();
        Instant now = clock.instant();
        for (AppPasswordRecord record : store.listAppPasswords(user)) {
            if (record.isActiveAt(now)) {
                active.merge(record.user(), 1, Integer::sum);
            }
        }
        return active;
    }

    /** The method if the resource answers it; else 405 naming those it does. */
    private static String allow(String method, String allowed) {
        for (String one : allowed.split(", ")) {
            if (one.equals(method)) {
                return method;
            }
        }
        throw Problem.methodNotAllowed(allowed);
    }

    private static String userName(String segment) {
        return UserNames.normalise(segment).orElseThrow(() -> Problem.badRequest("\"" + UserNames.printable(segment)
                + "\" is not a valid user name"));
    }

    /** The path after {@value #PREFIX}, percent-decoded segment by segment; empty segments refused. */
    static List<String> segments(String path) {
        if (!path.startsWith(PREFIX)) {
            throw Problem.notFound("the API lives under " + PREFIX);
        }
        String rest = path.substring(PREFIX.length());
        if (rest.isEmpty()) {
            throw Problem.notFound("no such resource; see " + OPENAPI);
        }
        String[] raw = rest.split("/", -1);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            try {
                decoded[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("the path has a malformed percent escape");
            }
            if (decoded[i].isEmpty()) {
                throw Problem.notFound("no such resource; see " + OPENAPI);
            }
        }
        return List.of(decoded);
    }

    /** The request's JSON object; refused when it is not JSON, not an object, or has a field not in {@code fields}. */
    private static ObjectNode body(ApiRequest request, List<String> fields) {
        String type = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            throw Problem.unsupportedMediaType();
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw Problem.badRequest("the body could not be read");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        object.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw Problem.badRequest("unknown field \"" + UserNames.printable(name) + "\" (expected: "
                        + String.join(", ", fields) + ")");
            }
        });
        return object;
    }

    static String text(ObjectNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw Problem.badRequest(field + ": missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw Problem.badRequest(field + ": expected a string");
        }
        return value.asText();
    }
}
