package io.slaguard.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lithops-compatible identifiers: instance {@code 58d244}, executor {@code 58d244-0},
 * job {@code 58d244-0-M001}, call {@code 58d244-0-M001-00003}.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String INSTANCE = "([0-9a-f]{6})";
    private static final String EXECUTOR = INSTANCE + "-(\\d+)";
    private static final String JOB = EXECUTOR + "-([AMR])(\\d{3,})";
    private static final Pattern INSTANCE_ID = Pattern.compile(INSTANCE);
    private static final Pattern EXECUTOR_ID = Pattern.compile(EXECUTOR);
    private static final Pattern JOB_ID = Pattern.compile(JOB);
    private static final Pattern CALL_ID = Pattern.compile(JOB + "-(\\d{5,})");

    private Ids() {
    }

    /** The kind of job, the letter in its id. */
    public enum JobKind {
        CALL_ASYNC('A'), MAP('M'), REDUCE('R');

        private final char letter;

        JobKind(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        static JobKind of(char letter) {
            for (JobKind kind : values()) {
                if (kind.letter == letter) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown job kind " + letter);
        }
    }

    /** A parsed job id. */
    public record JobRef(String instance, String executorId, JobKind kind, int number) {
        public String jobId() {
            return executorId + "-" + kind.letter() + String.format("%03d", number);
        }

        public CallRef call(int index) {
            return new CallRef(this, index);
        }

        @Override
        public String toString() {
            return jobId();
        }
    }

    /** A parsed call id. */
    public record CallRef(JobRef job, int index) {
        public CallRef {
            if (index < 0) {
                throw new IllegalArgumentException("call index must be >= 0: " + index);
            }
        }

        public String callId() {
            return job.jobId() + "-" + String.format("%05d", index);
        }

        public String instance() {
            return job.instance();
        }

        public String jobId() {
            return job.jobId();
        }

        @Override
        public String toString() {
            return callId();
        }
    }

    public static String newInstance() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String executorId(String instance, int n) {
        requireInstance(instance);
        return instance + "-" + n;
    }

    public static JobRef job(String executorId, JobKind kind, int number) {
        Matcher m = match(EXECUTOR_ID, executorId, "executor id", "58d244-0");
        return new JobRef(m.group(1), executorId, kind, number);
    }

    public static String requireInstance(String instance) {
        match(INSTANCE_ID, instance, "instance", "58d244");
        return instance;
    }

    public static boolean isInstance(String value) {
        return value != null && INSTANCE_ID.matcher(value).matches();
    }

    public static boolean isJobId(String value) {
        return value != null && JOB_ID.matcher(value).matches();
    }

    public static boolean isCallId(String value) {
        return value != null && CALL_ID.matcher(value).matches();
    }

    public static JobRef parseJob(String jobId) {
        Matcher m = match(JOB_ID, jobId, "job id", "58d244-0-M001");
        return new JobRef(m.group(1), m.group(1) + "-" + m.group(2), JobKind.of(m.group(3).charAt(0)),
                Integer.parseInt(m.group(4)));
    }

    public static CallRef parseCall(String callId) {
        Matcher m = match(CALL_ID, callId, "call id", "58d244-0-M001-00003");
        JobRef job = new JobRef(m.group(1), m.group(1) + "-" + m.group(2), JobKind.of(m.group(3).charAt(0)),
                Integer.parseInt(m.group(4)));
        return new CallRef(job, Integer.parseInt(m.group(5)));
    }

    private static Matcher match(Pattern pattern, String value, String what, String example) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing (expected e.g. " + example + ")");
        }
        Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid " + what + ": '" + value + "' (expected e.g. " + example + ")");
        }
        return m;
    }
}
