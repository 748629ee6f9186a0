package io.slaguard.executor.cli;

import java.io.UncheckedIOException;

import io.slaguard.protocol.BuildVersion;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code executor run …}, {@code executor cleanup …}, and {@code executor generate-completion} (a bash/zsh
 * completion script: {@code source <(executor generate-completion)}).
 */
@Command(name = "executor", mixinStandardHelpOptions = true, versionProvider = ExecutorCli.Version.class,
        description = "Runs map jobs with SLA telemetry and remediation.",
        subcommands = {RunCommand.class, CleanupCommand.class, HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class ExecutorCli {
    /** Exit code when the run could not start (a dependency unreachable, bad settings found late). */
    static final int CANNOT_RUN = 3;

    /** The version of the build, as {@code executor 0.1.0}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildVersion.of("executor")};
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "executor-cli-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ExecutorCli());
        // listed in the usage: completion is something a user should find
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return commandLine.getCommandSpec().exitCodeOnInvalidInput();
            }
            if (e instanceof UncheckedIOException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return CANNOT_RUN;
            }
            throw e;
        });
        return cli;
    }
}
