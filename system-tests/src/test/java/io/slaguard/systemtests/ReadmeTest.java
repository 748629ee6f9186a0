package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's two commands are the ones CI and users run, and its links lead somewhere. */
class ReadmeTest {
    private static final Pattern FENCE = Pattern.compile("```(?:bash|sh)?\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+)(?:#[^)]*)?\\)");

    private final String readme = Repo.read(Repo.path("README.md"));

    @Test
    void theFirstCommandsRunTheDemoAndEveryTest() {
        List<String> commands = firstBlockCommands();
        assertThat(commands).containsExactly("scripts/demo", "scripts/test");
        for (String command : commands) {
            assertThat(Files.isExecutable(Repo.path(command))).as(command + " is executable").isTrue();
            assertThat(Repo.read(Repo.path(command))).as(command + " installs and starts what it needs")
                    .contains("scripts/setup");
        }
        assertThat(Repo.read(Repo.path("scripts/test"))).containsPattern("mvn [^\\n]*verify");
    }

    @Test
    void ciRunsTheReadmesTestCommand() {
        Path ci = Repo.path(".ci/run");
        assertThat(Files.isExecutable(ci)).isTrue();
        assertThat(Repo.read(ci).lines().map(String::strip)).contains("scripts/test");
    }

    @Test
    void everyRelativeLinkPointsAtAFileOfTheRepository() {
        Matcher m = LINK.matcher(readme);
        List<String> missing = new ArrayList<>();
        int links = 0;
        while (m.find()) {
            links++;
            if (!Files.exists(Repo.path(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertThat(links).isPositive();
        assertThat(missing).isEmpty();
    }

    /** Commands of the README's first code block, comments removed. */
    private List<String> firstBlockCommands() {
        Matcher block = FENCE.matcher(readme);
        assertThat(block.find()).as("a code block in README.md").isTrue();
        return block.group(1).lines().map(line -> line.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .toList();
    }
}
