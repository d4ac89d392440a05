package dev.postern.server.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The last step before the process exits: stops Logback, so that the lines its asynchronous
 * appenders still hold (the shipped {@code logback.xml} writes the audit and human logs from a
 * queue, off the event loops) are written and the files closed. Each appender waits up to a
 * second for its queue. Called after the gateway has stopped, when nothing logs any more; a
 * second call does nothing.
 */
final class LogShutdown {

    private LogShutdown() {
    }

    static void run() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && context.isStarted()) {
            context.stop();
        }
    }
}
