package dev.postern.core.upstream.sasl;

/** The client mechanisms Postern can log in upstream with; {@link #name()} is the name on the wire. */
public enum SaslMechanism {

    /** RFC 4616: {@code authzid NUL authcid NUL password}, as the initial response. */
    PLAIN,

    /** The obsolete LOGIN: no initial response; the user name, then the password, each at a challenge. */
    LOGIN,

    /** Google's and Microsoft's OAuth 2.0 bearer-token mechanism. */
    XOAUTH2,

    /** RFC 7628: an OAuth 2.0 bearer token behind a GS2 header. */
    OAUTHBEARER;

    /** Whether the mechanism carries a bearer token, so that the server's only challenge is its error. */
    public boolean carriesToken() {
        return this == XOAUTH2 || this == OAUTHBEARER;
    }
}
