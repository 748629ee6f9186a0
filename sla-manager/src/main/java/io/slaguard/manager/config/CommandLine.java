package io.slaguard.manager.config;

import java.util.ArrayList;
import java.util.List;

/** The original's command line: {@code -f PATH} names the slalite.yml; everything else passes to Spring. */
public final class CommandLine {
    private CommandLine() {
    }

    public static String[] translate(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-f")) {
                if (i + 1 >= args.length) {
                    throw new InvalidConfigurationException("-f", null, "expects the path of a slalite.yml");
                }
                out.add("--" + LegacyConfigurationPostProcessor.CONFIG_FILE_PROPERTY + "=" + args[++i]);
            } else {
                out.add(args[i]);
            }
        }
        return out.toArray(String[]::new);
    }
}
