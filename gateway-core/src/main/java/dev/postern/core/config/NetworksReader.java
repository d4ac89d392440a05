package dev.postern.core.config;

import dev.postern.core.net.Cidr;
import dev.postern.core.net.Networks;
import java.util.ArrayList;
import java.util.List;

/** Reads a list of CIDR networks ({@code ["10.0.0.0/8", "2001:db8::/32"]}), reporting each bad entry. */
final class NetworksReader {

    private NetworksReader() {
    }

    /** The networks under {@code key}; empty when absent; bad entries are reported and left out. */
    static Networks read(ConfigReader section, String key) {
        List<String> entries = section.texts(key, List.of(), Cidr.EXPECTED);
        List<Cidr> networks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                networks.add(Cidr.parse(entries.get(i)));
            } catch (IllegalArgumentException bad) {
                section.problems().add(section.pathOf(key) + "[" + i + "]", Problems.quote(entries.get(i)), Cidr.EXPECTED);
            }
        }
        return new Networks(networks);
    }
}
