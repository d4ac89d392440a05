package dev.postern.core.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/** Writes test keys in every PEM layout operators meet, including the encrypted ones the gateway refuses. */
public final class TestPemFiles {
    /** A passphrase for the encrypted layouts; never used by the gateway. */
    private static final char[] PASSPHRASE = "test-passphrase".toCharArray();
    /** The JDK lacks OpenSSL's key derivation; BouncyCastle is used here only, never registered globally. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** PEM layouts of a private key. */
    public enum KeyFormat {
        /** {@code PRIVATE KEY}. */
        PKCS8,
        /** {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY} with curve and public key, as OpenSSL writes them. */
        TRADITIONAL,
        /** {@code EC PRIVATE KEY} with the curve but without the optional public key (RFC 5915). */
        SEC1_WITHOUT_PUBLIC_KEY,
        /** {@code EC PARAMETERS} followed by {@code EC PRIVATE KEY}, as {@code openssl ecparam -genkey} writes. */
        EC_PARAMETERS_THEN_SEC1,
        /** {@code ENCRYPTED PRIVATE KEY} (PKCS#8, AES-256-CBC). */
        ENCRYPTED_PKCS8,
        /** Traditional key with {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info} headers. */
        ENCRYPTED_TRADITIONAL
    }

    private TestPemFiles() {
    }

    /** Writes chain and key as {@code certificate.pem} and {@code private-key.pem} (PKCS#8) into the folder. */
    public static CertificateFiles write(Path folder, PemMaterial material) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CertificateFiles files = new CertificateFiles(folder.resolve(SelfSignedCertificates.CERTIFICATE_FILE),
                folder.resolve(SelfSignedCertificates.PRIVATE_KEY_FILE));
        PemFileWriter.writeCertificates(files.certificate(), material.certificateChain());
        PemFileWriter.writePrivateKey(files.privateKey(), material.privateKey());
        return files;
    }

    /** Writes the key to {@code file} in the given layout and returns the file. */
    public static Path writeKey(Path file, PrivateKey key, KeyFormat format) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            switch (format) {
                case PKCS8 -> pem.writeObject(new JcaPKCS8Generator(key, null));
                case TRADITIONAL -> pem.writeObject(key instanceof ECPrivateKey ec
                        ? sec1(ec, true) : new JcaMiscPEMGenerator(key).generate());
                case SEC1_WITHOUT_PUBLIC_KEY -> pem.writeObject(sec1((ECPrivateKey) key, false));
                case EC_PARAMETERS_THEN_SEC1 -> {
                    pem.writeObject(new PemObject("EC PARAMETERS", curveOf((ECPrivateKey) key).getEncoded()));
                    pem.writeObject(sec1((ECPrivateKey) key, true));
                }
                case ENCRYPTED_PKCS8 -> pem.writeObject(new JcaPKCS8Generator(key,
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(PASSPHRASE).build()));
                case ENCRYPTED_TRADITIONAL -> pem.writeObject(new JcaMiscPEMGenerator(key,
                        new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(PASSPHRASE)));
                default -> throw new IllegalArgumentException(format.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /**
     * SEC1 {@code EC PRIVATE KEY} with the named curve and, optionally, the public point. Written by
     * hand because the JDK's PKCS#8 encoding carries neither inside the key structure.
     */
    private static PemObject sec1(ECPrivateKey key, boolean withPublicKey) throws IOException {
        ASN1ObjectIdentifier curve = curveOf(key);
        X9ECParameters parameters = ECNamedCurveTable.getByOID(curve);
        DERBitString publicKey = withPublicKey
                ? new DERBitString(parameters.getG().multiply(key.getS()).normalize().getEncoded(false))
                : null;
        org.bouncycastle.asn1.sec.ECPrivateKey structure = new org.bouncycastle.asn1.sec.ECPrivateKey(
                parameters.getN().bitLength(), key.getS(), publicKey, curve);
        return new PemObject("EC PRIVATE KEY", structure.getEncoded());
    }

    private static ASN1ObjectIdentifier curveOf(ECPrivateKey key) {
        return ASN1ObjectIdentifier.getInstance(
                PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters());
    }
}
