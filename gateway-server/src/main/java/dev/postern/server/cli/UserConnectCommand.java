package dev.postern.server.cli;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.identity.UserNames;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.upstream.oauth2.ConsentRefused;
import dev.postern.core.upstream.oauth2.OnDevice;
import dev.postern.core.upstream.oauth2.UpstreamConsent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code postern users connect USER}: the user's consent to the upstream for the refresh-token
 * grant, on a headless server. In a browser (the authorization code flow with PKCE): the
 * authorization URL alone on one line of standard output, then the address the browser was
 * finally sent to on standard input. With {@code --device} (RFC 8628): the verification URI and
 * the code on standard output, then it waits for the sign-in. The refresh token is stored sealed
 * with {@code upstream-auth.key-file}; nothing is stored when anything goes wrong. Instructions
 * go to standard error; no code, verifier or token is ever printed.
 */
@Command(name = "connect", description = "Connect the user's mailbox at the OAuth2 provider (upstream-auth.oauth2.grant "
        + "refresh-token): prints the address where the user signs in and consents, alone on one line of standard "
        + "output, then reads from standard input the address the browser was finally sent to (it fails to load: "
        + "copy it from the address bar). With --device, prints a page and a code to type there on any device "
        + "instead, and waits. The refresh token is stored encrypted with upstream-auth.key-file.")
public final class UserConnectCommand implements Callable<Integer> {

    static final String WHAT = "the address the browser was sent to";
    static final String NOT_REFRESH_TOKEN = "upstream-auth is not oauth2 with grant refresh-token (expected "
            + "upstream-auth: { mode: oauth2, key-file: FILE, oauth2: { provider: ..., grant: refresh-token, "
            + "client-id: ... } } to connect users' mailboxes)";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The user (must exist: see users add).")
    String user;

    @Option(names = "--device", description = "Use the device authorization grant (a code typed on any device) instead "
            + "of pasting the browser's address. Microsoft allows it (turn on \"Allow public client flows\"); Google "
            + "does not allow the mail scope on devices.")
    boolean device;

    @Option(names = "--any-account", description = "Store the consent even when the provider says it was given by "
            + "another account than USER (an alias, or a mailbox with another sign-in name).")
    boolean anyAccount;

    UserConnectCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        String name = UserNames.require(user);
        try (CommandContext context = CommandContext.open(config, io)) {
            OAuth2Config oauth2 = refreshTokenGrant(context.config());
            SecretSealer sealer = SecretSealer.fromKeyFile(context.config().upstreamAuth().keyFile());
            if (context.store().findUser(name).isEmpty()) {
                throw new StoreConflictException(AccountService.unknownUserToConnect(name));
            }
            UpstreamConsent consent = UpstreamConsent.of(oauth2);
            UpstreamConsent.Connected connected;
            try {
                connected = device ? onDevice(consent, name) : inBrowser(consent, name);
            } catch (ConsentRefused refused) {
                throw new RefusedException(refused.getMessage());
            }
            checkAccount(name, connected);
            context.accounts().connectUpstream(name, connected.refreshToken(), sealer);
        }
        io.out().println("Connected the upstream of " + name + " (refresh token encrypted with upstream-auth.key-file).");
        return ExitCodes.OK;
    }

    private UpstreamConsent.Connected inBrowser(UpstreamConsent consent, String name) throws ConsentRefused {
        UpstreamConsent.InBrowser browser = consent.inBrowser(name);
        io.err().println("Open the address below in any browser, sign in as " + name + " and consent. The browser is then"
                + " sent to an address that may fail to load: copy it whole from the address bar and paste it here,"
                + " then press Enter.");
        io.err().flush();
        io.out().println(browser.authorizationUri());
        io.out().flush();
        return browser.finish(StandardInput.firstLine(io.in(), WHAT));
    }

    private UpstreamConsent.Connected onDevice(UpstreamConsent consent, String name)
            throws ConsentRefused, InterruptedException {
        OnDevice onDevice = consent.onDevice(name);
        io.err().println("On any device, open the address below, enter the code on the next line, sign in as " + name
                + " and consent (the code is good for " + onDevice.expiresIn().toMinutes() + " minutes). Waiting...");
        io.err().flush();
        io.out().println(onDevice.verificationUri());
        io.out().println(onDevice.userCode());
        io.out().flush();
        return onDevice.await(io.pause());
    }

    /** A consent the provider says another account gave is refused, naming both (unless --any-account). */
    private void checkAccount(String name, UpstreamConsent.Connected connected) {
        if (connected.accountNames().isEmpty()) {
            io.err().println("The provider did not say which account consented (no ID token with email or"
                    + " preferred_username); make sure it was " + name + ".");
        } else if (!connected.accountNames().contains(name)) {
            String other = String.join(", ", connected.accountNames());
            if (!anyAccount) {
                throw new RefusedException("the consent was given by " + other + ", not by " + name + " (sign in as "
                        + name + ", e.g. in a private browser window, and run the command again; --any-account stores"
                        + " it anyway when " + other + " is " + name + "'s sign-in name); nothing was stored");
            }
            io.err().println("The consent was given by " + other + ", not by " + name + "; stored anyway (--any-account).");
        }
    }

    private static OAuth2Config refreshTokenGrant(GatewayConfig config) {
        UpstreamAuthConfig auth = config.upstreamAuth();
        if (auth == null || auth.oauth2() == null || !auth.oauth2().perUserConsent()) {
            throw new IllegalArgumentException(config.source() + ": " + NOT_REFRESH_TOKEN);
        }
        return auth.oauth2();
    }
}
