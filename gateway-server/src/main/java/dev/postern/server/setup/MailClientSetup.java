package dev.postern.server.setup;

import dev.postern.core.identity.UserNames;
import dev.postern.server.views.MailServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Answers mail clients that look up their settings: Thunderbird's autoconfig
 * ({@value #AUTOCONFIG_WELL_KNOWN} and {@value #AUTOCONFIG}, {@code ?emailaddress=}) and Outlook's
 * POX autodiscover ({@code POST} {@value #AUTODISCOVER}). Every TLS listener of IMAP, SMTP and POP3
 * is offered, implicit TLS first, with the user's address as login name and a plain password
 * (over TLS): Outlook is told {@code <SPA>off</SPA>}. Listeners without TLS are never offered.
 */
public final class MailClientSetup {

    public static final String AUTOCONFIG_WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    public static final String AUTOCONFIG = "/mail/config-v1.1.xml";
    public static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    public static final String XML = "application/xml; charset=utf-8";
    static final String RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    private final Supplier<List<MailServer>> servers;
    private final String displayName;

    /**
     * @param servers     the protocols' host names and bound TLS listeners
     * @param displayName what the client shows for the account's provider (the portal's host)
     */
    public MailClientSetup(Supplier<List<MailServer>> servers, String displayName) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
    }

    /** Whether {@code path} is one of the set-up addresses (autodiscover's in any case, as Outlook varies it). */
    public static boolean handles(String path) {
        return path.equals(AUTOCONFIG_WELL_KNOWN) || path.equals(AUTOCONFIG)
                || path.toLowerCase(Locale.ROOT).equals(AUTODISCOVER);
    }

    /**
     * Thunderbird's clientConfig for {@code emailAddress}; empty when it is not a usable address.
     */
    public Optional<String> autoconfig(String emailAddress) {
        Optional<String> address = address(emailAddress);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String domain = address.get().substring(address.get().indexOf('@') + 1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n")
                .append("  <emailProvider id=\"").append(Xml.text(domain)).append("\">\n")
                .append("    <domain>").append(Xml.text(domain)).append("</domain>\n")
                .append("    <displayName>").append(Xml.text(displayName)).append("</displayName>\n");
        for (MailServer server : ordered()) {
            boolean outgoing = server.protocol().equals("SMTP");
            String tag = outgoing ? "outgoingServer" : "incomingServer";
            xml.append("    <").append(tag).append(" type=\"").append(server.protocol().toLowerCase(Locale.ROOT))
                    .append("\">\n")
                    .append("      <hostname>").append(Xml.text(server.host())).append("</hostname>\n")
                    .append("      <port>").append(server.port()).append("</port>\n")
                    .append("      <socketType>").append(implicit(server) ? "SSL" : "STARTTLS").append("</socketType>\n")
                    .append("      <authentication>password-cleartext</authentication>\n")
                    .append("      <username>%EMAILADDRESS%</username>\n")
                    .append("    </").append(tag).append(">\n");
        }
        return Optional.of(xml.append("  </emailProvider>\n</clientConfig>\n").toString());
    }

    /**
     * Outlook's POX answer to the request {@code body}; empty when the body is not such a request
     * or holds no usable address.
     */
    public Optional<String> autodiscover(byte[] body) {
        Optional<String> address = requestedAddress(body).flatMap(MailClientSetup::address);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">\n")
                .append("  <Response xmlns=\"").append(RESPONSE_SCHEMA).append("\">\n")
                .append("    <Account>\n      <AccountType>email</AccountType>\n      <Action>settings</Action>\n");
        for (MailServer server : ordered()) {
            xml.append("      <Protocol>\n")
                    .append("        <Type>").append(server.protocol()).append("</Type>\n")
                    .append("        <Server>").append(Xml.text(server.host())).append("</Server>\n")
                    .append("        <Port>").append(server.port()).append("</Port>\n")
                    .append("        <DomainRequired>off</DomainRequired>\n")
                    .append("        <LoginName>").append(Xml.text(address.get())).append("</LoginName>\n")
                    .append("        <SPA>off</SPA>\n")
                    .append("        <Encryption>").append(implicit(server) ? "SSL" : "TLS").append("</Encryption>\n")
                    .append("        <AuthRequired>on</AuthRequired>\n")
                    .append("      </Protocol>\n");
        }
        return Optional.of(xml.append("    </Account>\n  </Response>\n</Autodiscover>\n").toString());
    }

    /** Implicit TLS before STARTTLS, IMAP before POP3, each protocol's listeners in configured order. */
    private List<MailServer> ordered() {
        List<MailServer> all = new ArrayList<>(servers.get());
        all.sort(Comparator.comparing((MailServer server) -> !implicit(server)));
        return all;
    }

    private static boolean implicit(MailServer server) {
        return server.security().equals("SSL/TLS");
    }

    /** The normalised address if {@code text} is a user name with a domain. */
    private static Optional<String> address(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return UserNames.normalise(text).filter(name -> name.indexOf('@') > 0 && name.indexOf('@') < name.length() - 1);
    }

    /** The {@code EMailAddress} of a POX request, read without DTDs or external entities. */
    static Optional<String> requestedAddress(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // quiet: a malformed request is only refused
            NodeList found = builder.parse(new ByteArrayInputStream(body)).getElementsByTagNameNS("*", "EMailAddress");
            return found.getLength() == 1 ? Optional.of(found.item(0).getTextContent().strip()) : Optional.empty();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }
}
