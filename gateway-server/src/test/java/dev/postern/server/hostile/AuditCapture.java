package dev.postern.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.postern.core.observe.AuditLog;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The audit lines written while a test runs. A refusal before any hashing either writes no audit
 * line at all (the SASL payload was refused by its decoder) or one with {@code "reason":"malformed"}
 * (the verifier refused the name or password before looking anything up).
 */
public final class AuditCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public AuditCapture() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Every audit line so far (JSON objects, one per login attempt). */
    public List<String> lines() {
        synchronized (appender) { // AppenderBase.doAppend holds this lock while it adds
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The login lines so far ({@code "event":"login"}), without the other events (new_source, account_change...). */
    public List<String> logins() {
        return lines().stream().filter(line -> line.contains("\"event\":\"login\"")).toList();
    }

    /**
     * The lines matching {@code wanted} once there are {@code count} of them (lines are written off the
     * test's thread, after the client has had its answer or has gone); fails after {@code timeout}.
     */
    public List<String> await(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> matching = matching(wanted);
        while (matching.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            matching = matching(wanted);
        }
        assertThat(matching).as("audit lines so far: %s", lines()).hasSizeGreaterThanOrEqualTo(count);
        return matching;
    }

    private List<String> matching(Predicate<String> wanted) {
        return lines().stream().filter(wanted).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
