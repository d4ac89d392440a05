package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Which TLS implementation the gateway uses, and the fall-back to the JDK's. */
class TlsProvidersTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void shouldShipBoringSslSoLinuxX86AndArmUseItByDefault() {
        assertThat(OpenSsl.unavailabilityCause()).as("netty-tcnative-boringssl-static on the class path").isNull();
        assertThat(TlsProviders.current()).isEqualTo(SslProvider.OPENSSL);
        assertThat(OpenSsl.versionString()).startsWith("BoringSSL");
    }

    @Test
    void shouldUseOpenSslWhenItLoadsAndTheJdkOtherwise() {
        // when
        SslProvider chosen = TlsProviders.select("auto");

        // then
        assertThat(chosen).isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
        assertThat(TlsProviders.describe(chosen)).startsWith(OpenSsl.isAvailable() ? "openssl (" : "jdk (openssl unavailable: ");
    }

    @Test
    void shouldUseTheJdkWhenForced() {
        assertThat(TlsProviders.select(" JDK ")).isEqualTo(SslProvider.JDK);
    }

    @Test
    void shouldInsistOnOpenSslOnlyWhereItLoads() {
        if (OpenSsl.isAvailable()) {
            assertThat(TlsProviders.select("openssl")).isEqualTo(SslProvider.OPENSSL);
        } else {
            assertThatThrownBy(() -> TlsProviders.select("openssl")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("postern.tls.provider: openssl is not available here (");
        }
    }

    @Test
    void shouldRefuseAnUnknownProviderNamingTheChoices() {
        assertThatThrownBy(() -> TlsProviders.select("bouncy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postern.tls.provider: bouncy (expected one of: auto, openssl, jdk)");
    }
}
