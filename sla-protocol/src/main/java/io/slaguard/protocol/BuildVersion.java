package io.slaguard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build (the Maven project version), for {@code --version} and build info. */
public final class BuildVersion {
    private static final String VERSION = load();

    private BuildVersion() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return VERSION;
    }

    /** {@code <program> <version>}, the first line of a command's {@code --version}. */
    public static String of(String program) {
        return program + " " + VERSION;
    }

    private static String load() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the sla-protocol jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
