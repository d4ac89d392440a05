package dev.postern.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The leak check finds a registered secret, its SASL form and a hash when they really were logged. */
class LogLeakScannerTest {

    private static final String USER = "leak@example.com";
    private static final String SECRET = "leak-test-Secret-9f3k";

    @TempDir
    Path dir;

    @Test
    void shouldFindARegisteredSecretThatALoggerWroteAndNameOnlyItsIndex() throws Exception {
        // given: a logger writing to its own file, one clean line and one leaking line
        Path logFile = dir.resolve("leak.log");
        Logger logger = loggerWritingTo(logFile);
        logger.info("login for {} accepted", USER);
        logger.info("oops, the password was {}", SECRET);
        detach(logger);

        // when
        List<LogLeakScanner.Finding> findings = new LogLeakScanner(List.of("unrelated-secret", SECRET))
                .scan(List.of(logFile));

        // then
        assertThat(findings).containsExactly(new LogLeakScanner.Finding(logFile, 2, "registered secret #1"));
        assertThat(findings.toString()).doesNotContain(SECRET);
    }

    @Test
    void shouldFindTheSaslPlainFormAndStoredHashes() throws Exception {
        // given
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + SECRET).getBytes(StandardCharsets.UTF_8));
        Path logFile = Files.writeString(dir.resolve("sasl.log"), String.join("\n",
                "C: a1 AUTHENTICATE PLAIN " + plain,
                "nothing here",
                "stored $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                "imported $2b$12$abcdefghijklmnopqrstuv",
                "auth.argon2.memory-kib: 4096 (expected: at least 19456)", ""));

        // when
        List<LogLeakScanner.Finding> findings = new LogLeakScanner(List.of(plain)).scan(List.of(logFile));

        // then
        assertThat(findings).extracting(LogLeakScanner.Finding::line).containsExactly(1, 3, 4);
    }

    @Test
    void shouldReadBackWhatTestSecretsRegistered() throws Exception {
        // given
        Path folder = Files.createDirectories(dir.resolve("module/target/test-log"));
        Files.writeString(folder.resolve(TestSecrets.FILE),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)) + "\n");
        Files.writeString(folder.resolve("all.log"), "x\n" + SECRET + "\n");

        // when
        List<Path> folders = List.of(folder);
        List<LogLeakScanner.Finding> findings = new LogLeakScanner(LogLeakScanner.registeredSecrets(folders))
                .scan(LogLeakScanner.logFiles(folders));

        // then
        assertThat(findings).extracting(LogLeakScanner.Finding::line).containsExactly(2);
    }

    private static Logger loggerWritingTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger: %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("leak-test");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger("leak-test." + file.getFileName());
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private static void detach(Logger logger) {
        logger.getAppender("leak-test").stop();
        logger.detachAndStopAllAppenders();
    }
}
