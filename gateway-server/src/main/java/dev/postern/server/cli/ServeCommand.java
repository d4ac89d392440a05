package dev.postern.server.cli;

import dev.postern.core.config.ConfigException;
import dev.postern.core.config.GatewayConfig;
import dev.postern.server.Gateway;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postern serve}: runs the gateway until SIGTERM or Ctrl-C, then stops politely
 * ({@link Gateway#shutdown()}: no new connections, goodbye before login, relayed sessions drain for
 * {@code shutdown-grace-period}) and exits 0. SIGHUP re-reads the certificate.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway with the configured listeners until stopped (SIGTERM, Ctrl-C). "
                + "SIGHUP reloads the TLS certificate.")
public final class ServeCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    ConfigOption config;

    ServeCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig loaded = config.load(io);
        List<String> problems = ServeChecks.problems(loaded);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Gateway gateway = Gateway.start(loaded);
        CountDownLatch stopRequested = new CountDownLatch(1);
        // With TERM and INT handled here the JVM does not exit on them by itself: the main thread
        // stops the gateway and returns 0. The hook covers platforms without signal handling and
        // any other exit; a second shutdown() only waits for the first.
        boolean handled = Signals.on("TERM", stopRequested::countDown) & Signals.on("INT", stopRequested::countDown);
        Signals.on("HUP", gateway::reloadCertificate);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            gateway.shutdown();
            LogShutdown.run(); // an exit that did not come back through Main
        }, "postern-shutdown"));
        if (!handled) {
            io.err().println("postern: SIGTERM handling unavailable; relying on the JVM shutdown hook");
        }
        stopRequested.await();
        gateway.shutdown();
        return ExitCodes.OK;
    }
}
