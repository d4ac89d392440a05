package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The device authorization grant (RFC 8628): a code the person types at the provider's page on any
 * device, while this side polls the token endpoint at the interval the provider asks for, five
 * seconds more after each {@code slow_down}, until the person consents, declines or the code
 * expires. Blocking: for the command line.
 */
public final class OnDevice {

    /** The interval when the provider states none (RFC 8628 section 3.2). */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** What {@code slow_down} adds to the interval (RFC 8628 section 3.5). */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** How long a code is polled for when the provider states no lifetime. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

    private static final String NOTHING_STORED = "; nothing was stored";

    private final UpstreamConsent consent;
    private final DeviceAuthorizationSuccessResponse code;

    OnDevice(UpstreamConsent consent, String user) throws ConsentRefused {
        this.consent = consent;
        if (!consent.config().provider().allowsDeviceFlowForMail()) {
            throw new ConsentRefused("Google does not allow the mail scope (https://mail.google.com/) in the device"
                    + " flow; run postern users connect " + user + " without --device, and open the address it prints"
                    + " in any browser");
        }
        URI deviceEndpoint = consent.config().consent().deviceAuthorizationEndpoint();
        if (deviceEndpoint == null) {
            throw new ConsentRefused("--device needs upstream-auth.oauth2.device-authorization-endpoint (the provider's"
                    + " device authorization endpoint, RFC 8628); without it, connect in a browser");
        }
        this.code = requestCode(deviceEndpoint);
    }

    private DeviceAuthorizationSuccessResponse requestCode(URI deviceEndpoint) throws ConsentRefused {
        DeviceAuthorizationResponse response;
        try {
            ClientAuthentication authentication = consent.client().authentication(deviceEndpoint);
            DeviceAuthorizationRequest request = authentication == null
                    ? new DeviceAuthorizationRequest(deviceEndpoint, consent.client().id(), consent.scope())
                    : new DeviceAuthorizationRequest(deviceEndpoint, authentication, consent.scope(), Map.of());
            HTTPResponse http = consent.endpoint().send(request.toHTTPRequest(), deviceEndpoint);
            response = DeviceAuthorizationResponse.parse(http);
        } catch (UpstreamFailure failure) {
            throw new ConsentRefused("cannot get a device code: " + failure.getMessage() + NOTHING_STORED);
        } catch (ParseException e) {
            throw new ConsentRefused("cannot get a device code: device authorization endpoint " + deviceEndpoint
                    + " answered something that is not a device authorization response ("
                    + TokenEndpoint.printable(e.getMessage()) + ")" + NOTHING_STORED);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((DeviceAuthorizationErrorResponse) response).getErrorObject();
            throw new ConsentRefused("the device authorization endpoint refused: " + TokenEndpoint.describe(error)
                    + hint(error) + NOTHING_STORED);
        }
        return (DeviceAuthorizationSuccessResponse) response;
    }

    /** Where the person goes, on any device, to type {@link #userCode()}. */
    public URI verificationUri() {
        return code.getVerificationURI();
    }

    /** The same page with the code filled in, when the provider offers one; else null. */
    public URI verificationUriComplete() {
        return code.getVerificationURIComplete();
    }

    /** The code the person types. */
    public String userCode() {
        return code.getUserCode().getValue();
    }

    /** How long the code is good for. */
    public Duration expiresIn() {
        return code.getLifetime() > 0 ? Duration.ofSeconds(code.getLifetime()) : DEFAULT_LIFETIME;
    }

    /**
     * Polls the token endpoint until the person consents (the refresh token), declines, or the code expires.
     *
     * @param pause waits between two polls
     * @throws ConsentRefused declined, expired, or refused by the token endpoint
     */
    public UpstreamConsent.Connected await(Pause pause) throws ConsentRefused, InterruptedException {
        Duration interval = code.getInterval() > 0 ? Duration.ofSeconds(code.getInterval()) : DEFAULT_INTERVAL;
        Duration waited = Duration.ZERO;
        Duration lifetime = expiresIn();
        DeviceCodeGrant grant = new DeviceCodeGrant(code.getDeviceCode());
        while (true) {
            if (waited.compareTo(lifetime) >= 0) {
                throw expired();
            }
            pause.pause(interval);
            waited = waited.plus(interval);
            TokenEndpoint.Reply reply;
            try {
                reply = consent.endpoint().send(consent.client().request(consent.config().tokenEndpoint(), grant, null));
            } catch (UpstreamFailure failure) {
                throw new ConsentRefused("polling for the consent failed: " + failure.getMessage() + NOTHING_STORED);
            }
            if (reply.tokens() != null) {
                return UpstreamConsent.connected(reply.tokens(), consent.config());
            }
            String error = reply.error().getCode() == null ? "" : reply.error().getCode();
            if (error.equals(DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.getCode())) {
                continue;
            }
            if (error.equals(DeviceAuthorizationGrantError.SLOW_DOWN.getCode())) {
                interval = interval.plus(SLOW_DOWN_STEP);
                continue;
            }
            if (error.equals(DeviceAuthorizationGrantError.EXPIRED_TOKEN.getCode())) {
                throw expired();
            }
            if (error.equals(OAuth2Error.ACCESS_DENIED.getCode())) {
                throw new ConsentRefused("the sign-in was declined: " + TokenEndpoint.describe(reply.error())
                        + NOTHING_STORED);
            }
            throw new ConsentRefused("the token endpoint refused: "
                    + TokenEndpoint.refusal(consent.config().tokenEndpoint(), reply.status(), reply.error()).getMessage()
                    + hint(reply.error()) + NOTHING_STORED);
        }
    }

    private ConsentRefused expired() {
        return new ConsentRefused("the code expired before the sign-in was finished (it was good for "
                + expiresIn().toMinutes() + " minutes); run the command again" + NOTHING_STORED);
    }

    /** What to check for an error a device flow meets when the client is not set up for it. */
    private static String hint(ErrorObject error) {
        String code = error == null || error.getCode() == null ? "" : error.getCode();
        if (code.equals(OAuth2Error.INVALID_CLIENT_CODE) || code.equals(OAuth2Error.UNAUTHORIZED_CLIENT_CODE)) {
            return " (Microsoft: turn on \"Allow public client flows\" under the app registration's Authentication,"
                    + " and give no client secret for a public client)";
        }
        return "";
    }
}
