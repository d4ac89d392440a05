package dev.postern.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificate chains and private keys from PEM files, the way operators get them from
 * certbot, acme.sh or {@code openssl}.
 *
 * <p>Certificates: one or more {@code CERTIFICATE} blocks, leaf first. Private keys: PKCS#8
 * ({@code PRIVATE KEY}), RSA PKCS#1 ({@code RSA PRIVATE KEY}) or EC SEC1 ({@code EC PRIVATE KEY},
 * optionally after {@code EC PARAMETERS}). Encrypted keys are refused: the gateway starts
 * unattended and has no passphrase to ask for. Other blocks in a file are ignored, so a combined
 * file can serve as both. Keys are converted with the JDK's own providers.
 */
public final class PemFiles {
    static final String ENCRYPTED_KEY = "private key is encrypted (expected: an unencrypted key; decrypt it with"
            + " `openssl pkey -in key.pem -out key.pem` and restrict the file's permissions instead)";
    static final String NOT_PEM = "not a PEM file (expected: -----BEGIN ...----- blocks)";
    static final String NO_CERTIFICATE = "no CERTIFICATE block found (expected: at least one"
            + " -----BEGIN CERTIFICATE----- block, leaf first)";
    static final String NO_PRIVATE_KEY = "no private key block found (expected: PRIVATE KEY, RSA PRIVATE KEY"
            + " or EC PRIVATE KEY)";
    static final String SEVERAL_PRIVATE_KEYS = "more than one private key found (expected: exactly one)";
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private PemFiles() {
    }

    /** Reads a certificate chain and its private key, and checks that the key belongs to the leaf. */
    public static PemMaterial read(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(privateKeyFile);
        KeyMatch.require(key, privateKeyFile, chain.get(0), certificateFile);
        return new PemMaterial(chain, key);
    }

    /** Reads every {@code CERTIFICATE} block of a file, in file order; at least one is required. */
    public static List<X509Certificate> readCertificates(Path file) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        int blocks = 0;
        try (PEMParser parser = open(file)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks++;
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw unreadable(file.toString(), e);
        }
        if (blocks == 0) {
            throw new TlsMaterialException(file + ": " + NOT_PEM);
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file + ": " + NO_CERTIFICATE);
        }
        return List.copyOf(certificates);
    }

    /** Reads the one unencrypted private key of a file (PKCS#8, PKCS#1 or SEC1). */
    public static PrivateKey readPrivateKey(Path file) {
        try (PEMParser parser = open(file)) {
            return readPrivateKey(parser, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /**
     * Reads the one unencrypted private key of PEM text held elsewhere (a service-account key
     * file's {@code private_key}).
     *
     * @param source where the text comes from, for messages (the text itself is never shown)
     */
    public static PrivateKey parsePrivateKey(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return readPrivateKey(parser, source);
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    private static PrivateKey readPrivateKey(PEMParser parser, String source) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        int blocks = 0;
        try {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks++;
                PrivateKey found = privateKeyOf(block, converter, source);
                if (found != null && key != null) {
                    throw new TlsMaterialException(source + ": " + SEVERAL_PRIVATE_KEYS);
                }
                key = found != null ? found : key;
            }
        } catch (IOException e) {
            throw unreadable(source, e);
        }
        if (blocks == 0) {
            throw new TlsMaterialException(source + ": " + NOT_PEM);
        }
        if (key == null) {
            throw new TlsMaterialException(source + ": " + NO_PRIVATE_KEY);
        }
        return key;
    }

    private static PrivateKey privateKeyOf(Object block, JcaPEMKeyConverter converter, String source)
            throws IOException {
        if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new TlsMaterialException(source + ": " + ENCRYPTED_KEY);
        }
        if (block instanceof PEMKeyPair pair) {
            // Not getKeyPair(): a SEC1 key may omit its optional public key, and the key alone is enough.
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (block instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        return null; // EC PARAMETERS, certificates and other companions of a key
    }

    private static PEMParser open(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsMaterialException(file + ": " + size + " bytes (expected: a PEM file of at most "
                        + MAX_FILE_BYTES + " bytes)");
            }
            // ISO-8859-1 maps every byte, so explanatory text in any encoding never fails decoding.
            Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
            return new PEMParser(reader);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file + ": permission denied (expected: readable by the gateway user)", e);
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    private static TlsMaterialException unreadable(String file, Exception cause) {
        // Parser messages name the block type or the ASN.1 problem, never the encoded bytes.
        return new TlsMaterialException(file + ": unreadable PEM content (" + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")", cause);
    }
}
