package dev.postern.core.observe;

/**
 * A sign-in to the self-service portal, a refused one, or a sign-out.
 *
 * @param user   the mail user signed in or out; null for a refusal (the provider's answer named nobody usable)
 * @param result {@code signed_in}, {@code refused} or {@code signed_out}
 * @param reason why a sign-in was refused ({@code mfa_required}, {@code domain_not_allowed}...), else null
 */
public record PortalSignInEvent(String user, String clientIp, String result, String reason) {

    public static final String SIGNED_IN = "signed_in";
    public static final String REFUSED = "refused";
    public static final String SIGNED_OUT = "signed_out";
}
