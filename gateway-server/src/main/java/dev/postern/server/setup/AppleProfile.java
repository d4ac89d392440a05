package dev.postern.server.setup;

import dev.postern.server.views.MailServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An Apple configuration profile ({@code .mobileconfig}) that sets up one mail account on an iPhone,
 * iPad or Mac with a new app password: one {@code com.apple.mail.managed} payload with the incoming
 * server (IMAP, else POP3) and SMTP, each the first TLS listener (implicit TLS before STARTTLS), the
 * user's address as login name and the app password for both. Unsigned: the device says "not
 * verified" and asks before it installs it. It holds the password, so it is made only for the page
 * that has just shown it, never stored.
 */
public final class AppleProfile {

    public static final String CONTENT_TYPE = "application/x-apple-aspen-config";
    static final String MAIL_PAYLOAD = "com.apple.mail.managed";

    private AppleProfile() {
    }

    /** The two servers of the account: where mail is read, where it is sent. */
    public record Servers(MailServer incoming, MailServer smtp) {
        public Servers {
            Objects.requireNonNull(incoming, "incoming");
            Objects.requireNonNull(smtp, "smtp");
        }
    }

    /**
     * What a profile for {@code servers} would use: the incoming and the SMTP server; empty when the
     * gateway offers no TLS listener for one of them (then there is no profile to offer).
     *
     * @param incoming the protocols the app password may use to read, {@code IMAP} and/or {@code POP3}
     */
    public static Optional<Servers> servers(List<MailServer> servers, List<String> incoming) {
        List<MailServer> ordered = new ArrayList<>(servers);
        ordered.sort(Comparator.comparing((MailServer server) -> !server.security().equals("SSL/TLS")));
        Optional<MailServer> in = incoming.stream()
                .flatMap(protocol -> ordered.stream().filter(server -> server.protocol().equals(protocol)))
                .findFirst();
        Optional<MailServer> out = ordered.stream().filter(server -> server.protocol().equals("SMTP")).findFirst();
        return in.isPresent() && out.isPresent() ? Optional.of(new Servers(in.get(), out.get())) : Optional.empty();
    }

    /**
     * The profile's XML property list.
     *
     * @param organisation what the device shows as the profile's source (the portal's host name)
     * @param address      the user, login name and address of the account
     * @param label        the app password's label (the account's description)
     * @param id           the app password's id (part of the payload identifiers)
     * @param password     the app password
     * @param servers      from {@link #servers}
     */
    public static String render(String organisation, String address, String label, String id, String password,
                                Servers servers) {
        Objects.requireNonNull(password, "password");
        MailServer incoming = servers.incoming();
        MailServer smtp = servers.smtp();
        String identifier = reverse(organisation) + ".postern." + id;
        String description = label + " (" + address + ")";
        StringBuilder mail = new StringBuilder()
                .append(entry("EmailAccountDescription", description))
                .append(entry("EmailAccountName", address))
                .append(entry("EmailAccountType", incoming.protocol().equals("POP3") ? "EmailTypePOP" : "EmailTypeIMAP"))
                .append(entry("EmailAddress", address))
                .append(entry("IncomingMailServerAuthentication", "EmailAuthPassword"))
                .append(entry("IncomingMailServerHostName", incoming.host()))
                .append(number("IncomingMailServerPortNumber", incoming.port()))
                .append(flag("IncomingMailServerUseSSL", true))
                .append(entry("IncomingMailServerUsername", address))
                .append(entry("IncomingPassword", password))
                .append(entry("OutgoingMailServerAuthentication", "EmailAuthPassword"))
                .append(entry("OutgoingMailServerHostName", smtp.host()))
                .append(number("OutgoingMailServerPortNumber", smtp.port()))
                .append(flag("OutgoingMailServerUseSSL", true))
                .append(entry("OutgoingMailServerUsername", address))
                .append(entry("OutgoingPassword", password))
                .append(flag("OutgoingPasswordSameAsIncomingPassword", true))
                .append(entry("PayloadDisplayName", "Mail: " + label))
                .append(entry("PayloadIdentifier", identifier + ".mail"))
                .append(entry("PayloadType", MAIL_PAYLOAD))
                .append(entry("PayloadUUID", UUID.randomUUID().toString().toUpperCase(Locale.ROOT)))
                .append(number("PayloadVersion", 1));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\">\n<dict>\n"
                + "<key>PayloadContent</key>\n<array>\n<dict>\n" + mail + "</dict>\n</array>\n"
                + entry("PayloadDescription", "Sets up " + address + " with the app password \"" + label + "\".")
                + entry("PayloadDisplayName", "Mail: " + address)
                + entry("PayloadIdentifier", identifier)
                + entry("PayloadOrganization", organisation)
                + flag("PayloadRemovalDisallowed", false)
                + entry("PayloadType", "Configuration")
                + entry("PayloadUUID", UUID.randomUUID().toString().toUpperCase(Locale.ROOT))
                + number("PayloadVersion", 1)
                + "</dict>\n</plist>\n";
    }

    /** A file name for the download: the label's letters and digits, else {@code mail}. */
    public static String fileName(String label) {
        String safe = label.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return (safe.isEmpty() ? "mail" : safe.length() > 40 ? safe.substring(0, 40) : safe) + ".mobileconfig";
    }

    private static String reverse(String host) {
        List<String> labels = new ArrayList<>(List.of(host.toLowerCase(Locale.ROOT).split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels).replaceAll("[^a-z0-9.-]", "-");
    }

    private static String entry(String key, String value) {
        return "<key>" + key + "</key>\n<string>" + Xml.text(value) + "</string>\n";
    }

    private static String number(String key, int value) {
        return "<key>" + key + "</key>\n<integer>" + value + "</integer>\n";
    }

    private static String flag(String key, boolean value) {
        return "<key>" + key + "</key>\n<" + value + "/>\n";
    }
}
