package dev.postern.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a Netty buffer leak fail the build. Netty's leak detector (PARANOID in tests, see the
 * parent POM) reports a leak by logging {@code LEAK: ...} at ERROR when the leaked buffer is
 * collected; this class is both the Logback appender that catches those lines (configured in
 * {@code logback-test.xml}) and a JUnit extension, registered for every test through
 * {@code META-INF/services}, that after each test collects garbage, nudges the detector and
 * fails the test if a leak was reported.
 */
public final class LeakGuard extends AppenderBase<ILoggingEvent> implements AfterEachCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getFormattedMessage() != null && event.getFormattedMessage().contains("LEAK:")) {
            synchronized (LEAKS) {
                LEAKS.add(event.getFormattedMessage());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int round = 0; round < 2; round++) {
            System.gc();
            System.runFinalization();
            // The detector reports collected leaks when the next tracked buffer is created.
            for (int i = 0; i < 8; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                unpooled.release();
            }
        }
        List<String> found;
        synchronized (LEAKS) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " buffer leak(s) during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }
}
