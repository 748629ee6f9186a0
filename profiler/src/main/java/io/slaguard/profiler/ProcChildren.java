package io.slaguard.profiler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process's descendants from Linux's {@code /proc/<pid>/task/<tid>/children}: reads only the tree itself, where
 * OSHI's descendant search reads the stat file of every process on the host (about a hundred times slower on a
 * busy machine, and once per call per sample).
 */
final class ProcChildren {
    private static final Path PROC = Path.of("/proc");

    private ProcChildren() {
    }

    /** Whether this kernel has the children files (CONFIG_PROC_CHILDREN). */
    static boolean supported() {
        return Files.isReadable(PROC.resolve("self/task").resolve(Long.toString(ProcessHandle.current().pid()))
                .resolve("children"));
    }

    /** Every descendant of {@code root}, parents before children; processes that vanish meanwhile are left out. */
    static List<Integer> descendants(int root) {
        Set<Integer> found = new LinkedHashSet<>();
        Deque<Integer> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            for (int child : children(pending.poll())) {
                if (child != root && found.add(child)) {
                    pending.add(child);
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** Children of every thread of the process: a child forked by any thread belongs to that thread's list. */
    private static List<Integer> children(int pid) {
        List<Integer> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                parse(Files.readString(task.resolve("children")), children);
            }
        } catch (IOException e) {
            // the process or one of its threads ended meanwhile: what was read so far is what there is
        }
        return children;
    }

    static void parse(String pids, List<Integer> into) {
        for (String pid : pids.trim().split("\\s+")) {
            if (!pid.isEmpty()) {
                into.add(Integer.parseInt(pid));
            }
        }
    }
}
