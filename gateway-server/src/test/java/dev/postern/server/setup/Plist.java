package dev.postern.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads Apple property lists (configuration profiles) in tests. */
public final class Plist {

    private Plist() {
    }

    /** The first payload of a profile's {@code PayloadContent}: its keys and value elements. */
    public static Map<String, Node> firstPayload(String xml) throws Exception {
        return entries(first((Element) entries(top(xml)).get("PayloadContent"), "dict"));
    }

    /** The top {@code dict} of a property list, parsed without fetching Apple's DTD. */
    public static Element top(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("plist");
        return first(root, "dict");
    }

    /** A {@code dict}'s keys and their value elements. */
    public static Map<String, Node> entries(Element dict) {
        Map<String, Node> entries = new LinkedHashMap<>();
        String key = null;
        for (Node child = dict.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            if (child.getNodeName().equals("key")) {
                key = child.getTextContent();
            } else {
                assertThat(entries.put(key, child)).as("key %s once", key).isNull();
            }
        }
        return entries;
    }

    public static Element first(Element parent, String tag) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE && child.getNodeName().equals(tag)) {
                return (Element) child;
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
    }
}
