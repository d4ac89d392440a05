package dev.postern.server.hostile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/** The first flight of a real TLS client: what a client configured for implicit TLS sends to a plaintext port. */
final class ClientHello {

    private ClientHello() {
    }

    /**
     * The start of a ClientHello from the JDK's TLS engine, up to its first CR or LF octet (a whole
     * hello always holds some: extension types 10 and 13), so a line-based server sees it as the
     * beginning of one line. Regenerated until the prefix holds at least the record and handshake
     * headers, the version and part of the random.
     */
    static byte[] firstLine() throws SSLException {
        for (int attempt = 0; attempt < 100; attempt++) {
            byte[] hello = generate();
            int end = 0;
            while (end < hello.length && hello[end] != '\r' && hello[end] != '\n') {
                end++;
            }
            if (end >= 16) {
                return Arrays.copyOf(hello, end);
            }
        }
        throw new IllegalStateException("no ClientHello with 16 octets before its first CR/LF in 100 attempts");
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
