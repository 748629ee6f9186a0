package io.slaguard.profiler;

import java.util.List;

/** Reads a process and all its descendants. */
interface ProcessTreeSource {
    /**
     * The root (first) and every live descendant; processes that vanish while being read are left out.
     *
     * @return empty when the root itself is gone (exited, or a zombie waiting for its parent)
     */
    List<ProcessReading> read(long rootPid);
}
