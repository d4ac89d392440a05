package dev.postern.server.hostile;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.postern.core.observe.AuditLog;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The audit lines written while a test runs. A refusal before any hashing either writes no audit
 * line at all (the SASL payload was refused by its decoder) or one with {@code "reason":"malformed"}
 * (the verifier refused the name or password before looking anything up).
 */
final class AuditCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    AuditCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Every audit line so far (JSON objects, one per login attempt). */
    List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
