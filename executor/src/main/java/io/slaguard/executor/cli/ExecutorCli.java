package io.slaguard.executor.cli;

import java.io.UncheckedIOException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code executor run …} and {@code executor cleanup …}. */
@Command(name = "executor", mixinStandardHelpOptions = true, version = "executor 0.1.0",
        description = "Runs map jobs with SLA telemetry and remediation.",
        subcommands = {RunCommand.class, CleanupCommand.class, HelpCommand.class})
public final class ExecutorCli {
    /** Exit code when the run could not start (a dependency unreachable, bad settings found late). */
    static final int CANNOT_RUN = 3;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "executor-cli-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ExecutorCli());
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
