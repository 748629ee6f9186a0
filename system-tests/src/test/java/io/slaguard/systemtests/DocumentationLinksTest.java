package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Whoever clones the repository can follow every reference: relative links in the Markdown pages lead to files that
 * exist, and every citation of a section of docs/architecture.md (in code or docs) names a section it has.
 */
class DocumentationLinksTest {
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern ARCHITECTURE_CITATION = Pattern.compile("architecture\\.md#([a-z0-9-]+)");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "data");
    private static final Set<String> TEXT = Set.of(".md", ".java", ".sh", ".yml", ".json", ".xml");

    @Test
    void relativeLinksOfEveryPageLeadToExistingFiles() {
        List<String> broken = new ArrayList<>();
        for (Path page : files(".md")) {
            Matcher link = MARKDOWN_LINK.matcher(Repo.read(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!Files.exists(page.getParent().resolve(file).normalize())) {
                    broken.add(Repo.root().relativize(page) + " → " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void citationsOfTheArchitecturePageNameItsSections() {
        Set<String> sections = Repo.read(Repo.path("docs/architecture.md")).lines()
                .filter(line -> line.startsWith("#")).map(DocumentationLinksTest::anchor).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        int citations = 0;
        for (Path file : files(null)) {
            Matcher citation = ARCHITECTURE_CITATION.matcher(Repo.read(file));
            while (citation.find()) {
                citations++;
                if (!sections.contains(citation.group(1))) {
                    unknown.add(Repo.root().relativize(file) + " → #" + citation.group(1));
                }
            }
        }
        assertThat(citations).as("code and docs cite the architecture page").isGreaterThan(20);
        assertThat(unknown).isEmpty();
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    /** The repository's text files ending in {@code suffix} (any text file when null), build output left out. */
    private static List<Path> files(String suffix) {
        try (Stream<Path> walk = Files.walk(Repo.root())) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !skipped(Repo.root().relativize(f)))
                    .filter(f -> suffix == null ? TEXT.stream().anyMatch(f.toString()::endsWith)
                            : f.toString().endsWith(suffix))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (SKIPPED_DIRS.contains(name) || name.startsWith("target")) {
                return true;
            }
        }
        return false;
    }
}
