package dev.postern.core.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * A hand-written TLS 1.1 ClientHello, sent over a plain socket. The JDK cannot be made to speak
 * TLS 1.1 without changing JVM-wide security properties, so the bytes are built here instead.
 */
final class LegacyClientHello {
    static final int ALERT_RECORD = 0x15;
    static final int FATAL = 2;
    static final int PROTOCOL_VERSION_ALERT = 70;
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    /** What came back: the first record's content type and, for an alert, its level and description. */
    record Reply(int contentType, int level, int description) {
    }

    private LegacyClientHello() {
    }

    /** Sends a TLS 1.1 ClientHello to loopback {@code port} and reads the first record of the answer. */
    static Reply send(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            socket.getOutputStream().write(record());
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            int contentType = header[0] & 0xff;
            if (contentType != ALERT_RECORD) {
                return new Reply(contentType, -1, -1);
            }
            return new Reply(contentType, in.readUnsignedByte(), in.readUnsignedByte());
        } catch (EOFException closedWithoutAlert) {
            return new Reply(-1, -1, -1);
        }
    }

    private static byte[] record() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(0x02); // client_version TLS 1.1, and no supported_versions extension
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // empty session id
        int[] suites = {0xc013, 0xc009, 0xc014, 0xc00a, 0x002f, 0x0035}; // ECDHE/RSA with AES-CBC-SHA
        writeShort(body, suites.length * 2);
        for (int suite : suites) {
            writeShort(body, suite);
        }
        body.write(1);
        body.write(0); // null compression
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x1d, // supported_groups: P-256, x25519
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00 // ec_point_formats: uncompressed
        };
        writeShort(body, extensions.length);
        body.writeBytes(extensions);

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16); // handshake
        record.write(0x03);
        record.write(0x02);
        writeShort(record, body.size() + 4);
        record.write(0x01); // client_hello
        record.write(0);
        writeShort(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
    }
}
