package dev.postern.server.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The portal's stylesheet and copy script, read once from the jar ({@code /portal/} on the class path). */
final class StaticAssets {

    /** A file served as it is. */
    record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> assets;

    StaticAssets() {
        assets = Map.of(Html.STYLESHEET, new Asset("text/css; charset=utf-8", read("/portal/portal.css")),
                Html.COPY_SCRIPT, new Asset("text/javascript; charset=utf-8", read("/portal/copy.js")));
    }

    Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
