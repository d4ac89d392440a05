package dev.postern.server.interop;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects every log event of this JVM (Logback's root logger) from creation to {@link #close()},
 * so a test can read what Postern logged about one session.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Formatted messages of the events from {@code loggerName} so far. */
    List<String> messagesOf(String loggerName) {
        // AppenderBase.doAppend synchronises on the appender; doing the same here makes the list visible.
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> event.getLoggerName().equals(loggerName))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    /** Every formatted message so far, from any logger. */
    List<String> allMessages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
