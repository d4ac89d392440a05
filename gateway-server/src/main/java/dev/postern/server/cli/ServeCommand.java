package dev.postern.server.cli;

import dev.postern.core.config.ConfigException;
import dev.postern.core.config.GatewayConfig;
import dev.postern.server.Gateway;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code postern serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway with the configured listeners until stopped (SIGTERM, Ctrl-C).")
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "postern-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
