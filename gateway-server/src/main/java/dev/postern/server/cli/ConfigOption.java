package dev.postern.server.cli;

import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every verb takes: else {@code $POSTERN_CONFIG}, else {@code ./postern.yml}. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $POSTERN_CONFIG, else ./postern.yml).")
    Path file;

    public Path resolve(CliIo io) {
        return file != null ? file : ConfigLoader.defaultLocation(io.env());
    }

    /** Loads and validates the configuration; a {@code ConfigException} lists every problem. */
    public GatewayConfig load(CliIo io) {
        return ConfigLoader.load(resolve(io), io.env());
    }
}
