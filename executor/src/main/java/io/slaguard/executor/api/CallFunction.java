package io.slaguard.executor.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a call runs: a command template (a local OS process), a Java function (local), or an AWS Lambda function.
 * {@link #name()} is the {@code function_name} of the call's telemetry.
 */
public sealed interface CallFunction permits CallFunction.Command, CallFunction.Java, CallFunction.Lambda {

    /** The placeholder a command template receives its input in. */
    String INPUT_PLACEHOLDER = "{}";

    String name();

    /**
     * A local process: every argument has {@code {}} replaced by the call's input; the exit code decides success
     * and standard output is the result.
     */
    record Command(String name, List<String> template) implements CallFunction {
        public Command {
            template = List.copyOf(template);
            if (template.isEmpty() || template.get(0).isBlank()) {
                throw new IllegalArgumentException("a command needs a program to run");
            }
            name = FunctionNames.require(name);
        }

        /** The command for one input. */
        public List<String> commandFor(String input) {
            return template.stream().map(arg -> arg.replace(INPUT_PLACEHOLDER, input)).toList();
        }
    }

    /** A Java function run on a local worker thread; a thrown exception is a failed call. */
    record Java(String name, java.util.function.Function<String, String> body) implements CallFunction {
        public Java {
            name = FunctionNames.require(name);
            Objects.requireNonNull(body, "function body");
        }
    }

    /** An AWS Lambda function, invoked request-response; the function error decides success. */
    record Lambda(String name) implements CallFunction {
        public Lambda {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a Lambda function name is required");
            }
        }
    }

    /** A command whose {@code function_name} is its program's file name, e.g. {@code sh} for {@code sh -c …}. */
    static Command command(List<String> template) {
        String program = template.isEmpty() ? "" : Path.of(template.get(0)).getFileName().toString();
        return new Command(FunctionNames.sanitize(program), template);
    }

    static Command command(String name, List<String> template) {
        return new Command(name, template);
    }

    static Java java(String name, java.util.function.Function<String, String> body) {
        return new Java(name, body);
    }

    static Lambda lambda(String functionName) {
        return new Lambda(functionName);
    }

    /** Function names end up in Pushgateway paths and PromQL label values. */
    final class FunctionNames {
        private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

        private FunctionNames() {
        }

        static String require(String name) {
            if (name == null || !VALID.matcher(name).matches()) {
                throw new IllegalArgumentException("function name must match " + VALID.pattern() + ": '" + name + "'");
            }
            return name;
        }

        static String sanitize(String raw) {
            String cleaned = raw.replaceAll("[^A-Za-z0-9_.:-]", "_");
            return cleaned.isEmpty() ? "command" : cleaned.substring(0, Math.min(cleaned.length(), 128));
        }
    }
}
