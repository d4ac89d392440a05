package dev.postern.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailureReasonTest {

    @Test
    void shouldSortHandshakeFailuresIntoFewCategories() {
        assertThat(TlsFailureReason.of(new SslHandshakeTimeoutException("handshake timed out after 10000ms")))
                .isEqualTo(TlsFailureReason.TIMEOUT);
        assertThat(TlsFailureReason.of(new DecoderException(new NotSslRecordException("not an SSL/TLS record"))))
                .isEqualTo(TlsFailureReason.NOT_TLS);
        assertThat(TlsFailureReason.of(new ClosedChannelException())).isEqualTo(TlsFailureReason.CLOSED);
        assertThat(TlsFailureReason.of(new SSLHandshakeException("Received fatal alert: certificate_unknown")))
                .isEqualTo(TlsFailureReason.CERTIFICATE);
        assertThat(TlsFailureReason.of(new SSLHandshakeException("Client requested protocol TLSv1 is not enabled")))
                .isEqualTo(TlsFailureReason.PROTOCOL);
        assertThat(TlsFailureReason.of(new IllegalStateException("boom"))).isEqualTo(TlsFailureReason.OTHER);
    }
}
