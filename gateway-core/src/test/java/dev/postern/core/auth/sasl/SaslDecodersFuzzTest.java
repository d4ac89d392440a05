package dev.postern.core.auth.sasl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fuzz targets for the SASL decoders: never an exception, a result always, bounds respected, and
 * a refusal reason that never repeats the payload. The input is the client's line either as
 * arbitrary text (last octet odd) or as the base64 of arbitrary octets (last octet even), so the
 * fuzzer reaches the field splitting as easily as the base64 checks. Seeds live in
 * {@code src/test/resources/dev/postern/core/auth/sasl/SaslDecodersFuzzTestInputs/<method>/}.
 */
class SaslDecodersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void plain(FuzzedDataProvider data) {
        String line = line(data);

        SaslOutcome outcome = SaslPlain.decode(line);

        if (outcome instanceof SaslOutcome.Credentials credentials) {
            checkField(credentials.authzid(), SaslPlain.MAX_IDENTITY_OCTETS, true);
            checkField(credentials.authcid(), SaslPlain.MAX_IDENTITY_OCTETS, false);
            checkField(credentials.password(), SaslPlain.MAX_PASSWORD_OCTETS, false);
            byte[] decoded = Base64.getDecoder().decode(line);
            String joined = credentials.authzid() + '\0' + credentials.authcid() + '\0' + credentials.password();
            require(Arrays.equals(decoded, joined.getBytes(StandardCharsets.UTF_8)), "fields differ from the payload");
        } else {
            checkReason(((SaslOutcome.Malformed) outcome).reason(), line);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loginSteps(FuzzedDataProvider data) {
        boolean password = data.consumeBoolean();
        String line = line(data);

        SaslText text = password ? SaslLogin.decodePassword(line) : SaslLogin.decodeUsername(line);

        if (text instanceof SaslText.Value value) {
            checkField(value.text(), password ? SaslPlain.MAX_PASSWORD_OCTETS : SaslPlain.MAX_IDENTITY_OCTETS, false);
            require(Base64.getEncoder().encodeToString(value.text().getBytes(StandardCharsets.UTF_8)).equals(line),
                    "value does not round-trip to the line");
        } else {
            checkReason(((SaslText.Malformed) text).reason(), line);
        }
    }

    private static String line(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeRemainingAsString();
        }
        return Base64.getEncoder().encodeToString(data.consumeRemainingAsBytes());
    }

    private static void checkField(String field, int maxOctets, boolean mayBeEmpty) {
        byte[] octets = field.getBytes(StandardCharsets.UTF_8);
        require(mayBeEmpty || octets.length > 0, "empty field");
        require(octets.length <= maxOctets, "field of " + octets.length + " octets (expected: at most " + maxOctets + ")");
        require(field.indexOf('\0') < 0, "NUL in a field");
    }

    private static void checkReason(String reason, String line) {
        require(reason != null && !reason.isEmpty(), "empty reason");
        require(line.length() < 12 || !reason.contains(line), "the reason repeats the payload");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
