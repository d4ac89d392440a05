package dev.postern.server.hostile;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/** The first flight of a real TLS client: what a client configured for implicit TLS sends to a plaintext port. */
final class ClientHello {

    private ClientHello() {
    }

    /**
     * A ClientHello from the JDK's TLS engine without CR or LF octets (its random parts are
     * regenerated until there are none), so a line-based server sees it as part of one line.
     */
    static byte[] withoutLineBreaks() throws SSLException {
        for (int attempt = 0; attempt < 100; attempt++) {
            byte[] hello = generate();
            boolean clean = true;
            for (byte b : hello) {
                clean &= b != '\r' && b != '\n';
            }
            if (clean) {
                return hello;
            }
        }
        throw new IllegalStateException("no ClientHello without CR/LF in 100 attempts");
    }

    private static byte[] generate() throws SSLException {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 993);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
