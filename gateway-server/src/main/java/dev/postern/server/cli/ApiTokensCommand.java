package dev.postern.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code postern api-tokens}: the group of API-token verbs; alone it prints its usage (exit 2). */
@Command(name = "api-tokens", description = "Create, list and revoke bearer tokens of the admin REST API.",
        subcommands = {ApiTokenCreateCommand.class, ApiTokenListCommand.class, ApiTokenRevokeCommand.class})
public final class ApiTokensCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Spec
    CommandLine.Model.CommandSpec spec;

    ApiTokensCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
