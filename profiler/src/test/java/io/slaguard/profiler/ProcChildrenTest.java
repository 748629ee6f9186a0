package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcChildrenTest {

    @Test
    void parsesTheKernelsList() {
        List<Integer> pids = new ArrayList<>();
        ProcChildren.parse("31550 31556 \n", pids);
        ProcChildren.parse("", pids);
        assertThat(pids).containsExactly(31550, 31556);
    }

    @Test
    void findsGrandchildrenOfARealTreeAndNothingForAVanishedProcess() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sh -c 'sleep 30 & echo $!; wait' & wait").start();
        try {
            long grandchild = Long.parseLong(shell.inputReader().readLine().trim());
            List<Integer> descendants = ProcChildren.descendants((int) shell.pid());
            assertThat(descendants).hasSize(2).contains((int) grandchild);
            assertThat(descendants.get(1)).isEqualTo((int) grandchild);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
        assertThat(ProcChildren.descendants(Integer.MAX_VALUE)).isEmpty();
    }
}
