package dev.postern.core.seal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the key file of {@link SecretSealer}: 32 raw bytes, or their standard base64
 * (44 characters, surrounding whitespace ignored). Messages name the file and the expected format,
 * never the content.
 */
final class SealingKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(SealingKeyFile.class);

    static final String EXPECTED = "expected: 32 raw bytes, or their base64 encoding in 44 characters";
    private static final int BASE64_CHARS = 44;
    private static final long MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SealingKeyFile() {
    }

    /** The 32 key bytes in {@code file}; the caller zeroes them after use. */
    static byte[] read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] content = readBounded(file);
        try {
            if (content.length == SecretSealer.KEY_BYTES) {
                return content.clone();
            }
            String text = new String(content, StandardCharsets.ISO_8859_1).strip();
            if (text.length() == BASE64_CHARS) {
                byte[] key = decodeOrNull(text);
                if (key != null && key.length == SecretSealer.KEY_BYTES) {
                    return key;
                }
            }
            throw new IllegalArgumentException(file + ": not a sealing key (" + content.length + " bytes; " + EXPECTED + ")");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Writes a new random key as base64 with owner-only permissions; refuses to overwrite. */
    static void create(Path file, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        byte[] key = new byte[SecretSealer.KEY_BYTES];
        random.nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = supportsPosix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + ": already exists; refusing to overwrite a sealing key"
                    + " (passwords sealed with it could no longer be opened)");
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": cannot create the key file (folder " + file.toAbsolutePath().getParent()
                    + " does not exist)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the key file (" + reason(e) + ")", e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static byte[] readBounded(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + ": is a folder (" + EXPECTED + ")");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": not a sealing key (" + size + " bytes; " + EXPECTED + ")");
            }
            warnIfReadableByOthers(file);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (" + EXPECTED + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the key file (" + reason(e) + ")", e);
        }
    }

    private static byte[] decodeOrNull(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            LOG.warn("{}: sealing key file has permissions {} (expected: 0600 or 0400, readable by its owner only)",
                    file, PosixFilePermissions.toString(permissions));
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
    }
}
