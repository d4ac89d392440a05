package dev.postern.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.ImapGatewayHarness;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Thunderbird's autoconfig and Outlook's autodiscover on a real portal listener: the IMAP listeners the
 * gateway really bound (implicit TLS first), the user's address as login, SPA off; a request that is
 * not one, or that tries an external entity, gets a refusal and nothing else.
 */
class MailClientSetupIT {

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        harness = ImapGatewayHarness.builder(folder).extraYaml("portal:\n  address: \"127.0.0.1:0\"\n"
                + "  public-url: https://localhost\n").start();
        http = HttpClient.newBuilder().sslContext(harness.clientTls()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + harness.gateway().portalAddress().getPort()
                        + path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "text/xml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document document, String element) {
        NodeList nodes = document.getElementsByTagNameNS("*", element);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    @Test
    void shouldTellThunderbirdTheImapListenersImplicitTlsFirst() throws Exception {
        for (String path : List.of("/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml")) {
            HttpResponse<String> answer = call("GET", path + "?emailaddress=Alice%40Example.TEST", null);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).contains(MailClientSetup.XML);
            Document config = xml(answer.body());
            Element provider = (Element) config.getElementsByTagName("emailProvider").item(0);
            assertThat(provider.getAttribute("id")).isEqualTo("example.test");
            NodeList incoming = config.getElementsByTagName("incomingServer");
            assertThat(incoming.getLength()).isEqualTo(2);
            assertThat(((Element) incoming.item(0)).getAttribute("type")).isEqualTo("imap");
            assertThat(texts(config, "port")).containsExactly(String.valueOf(harness.implicitPort()),
                    String.valueOf(harness.startTlsPort()));
            assertThat(texts(config, "socketType")).containsExactly("SSL", "STARTTLS");
            assertThat(texts(config, "authentication")).containsOnly("password-cleartext");
            assertThat(texts(config, "username")).containsOnly("%EMAILADDRESS%");
            assertThat(texts(config, "hostname")).allSatisfy(host -> assertThat(host).isNotBlank());
        }
        assertThat(call("GET", "/mail/config-v1.1.xml", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/mail/config-v1.1.xml?emailaddress=no-domain", null).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/mail/config-v1.1.xml?emailaddress=a%40example.test", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void shouldAnswerOutlooksAutodiscoverWithSpaOff() throws Exception {
        String request = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Autodiscover xmlns=\"http://schemas.microsoft.com/"
                + "exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>Alice@Example.test</EMailAddress>"
                + "<AcceptableResponseSchema>" + MailClientSetup.RESPONSE_SCHEMA + "</AcceptableResponseSchema></Request>"
                + "</Autodiscover>";

        HttpResponse<String> answer = call("POST", "/Autodiscover/Autodiscover.xml", request);

        assertThat(answer.statusCode()).isEqualTo(200);
        Document settings = xml(answer.body());
        assertThat(texts(settings, "Type")).containsExactly("IMAP", "IMAP");
        assertThat(texts(settings, "Port")).containsExactly(String.valueOf(harness.implicitPort()),
                String.valueOf(harness.startTlsPort()));
        assertThat(texts(settings, "Encryption")).containsExactly("SSL", "TLS");
        assertThat(texts(settings, "SPA")).containsOnly("off");
        assertThat(texts(settings, "LoginName")).containsOnly("alice@example.test");
        assertThat(call("GET", "/autodiscover/autodiscover.xml", null).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldRefuseAnythingButOneAddressAndNeverResolveEntities() throws Exception {
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<Autodiscover><Request><EMailAddress>&x;@example.test</EMailAddress></Request></Autodiscover>";

        HttpResponse<String> external = call("POST", "/autodiscover/autodiscover.xml", entity);
        HttpResponse<String> garbage = call("POST", "/autodiscover/autodiscover.xml", "not xml");
        HttpResponse<String> two = call("POST", "/autodiscover/autodiscover.xml", "<Autodiscover><Request>"
                + "<EMailAddress>a@example.test</EMailAddress><EMailAddress>b@example.test</EMailAddress></Request>"
                + "</Autodiscover>");

        assertThat(external.statusCode()).isEqualTo(400);
        assertThat(external.body()).doesNotContain("example.test</").contains("expected an e-mail address");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(two.statusCode()).isEqualTo(400);
    }
}
