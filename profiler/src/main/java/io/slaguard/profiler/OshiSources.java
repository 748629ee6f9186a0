package io.slaguard.profiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import oshi.SystemInfo;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.software.os.linux.LinuxOperatingSystem;

/** Process tree and network readings from OSHI, shared by all profiled calls of a JVM. */
final class OshiSources implements ProcessTreeSource, NetworkSource {
    private static volatile OshiSources shared;

    private final OperatingSystem os;
    private final List<NetworkIF> interfaces;
    private final boolean linux;
    private final boolean childrenFiles;
    private final long ticksPerSecond;

    private OshiSources() {
        SystemInfo system = new SystemInfo();
        this.os = system.getOperatingSystem();
        // non-loopback interfaces, enumerated once: traffic between local processes is not the host's network
        this.interfaces = List.copyOf(system.getHardware().getNetworkIFs());
        this.linux = ProcStat.supported();
        this.childrenFiles = linux && ProcChildren.supported();
        this.ticksPerSecond = linux ? LinuxOperatingSystem.getHz() : 1;
    }

    static OshiSources shared() {
        if (shared == null) {
            synchronized (OshiSources.class) {
                if (shared == null) {
                    shared = new OshiSources();
                }
            }
        }
        return shared;
    }

    @Override
    public List<ProcessReading> read(long rootPid) {
        OSProcess root = os.getProcess(Math.toIntExact(rootPid));
        if (!alive(root)) {
            return List.of();
        }
        double uptime = linux ? ProcStat.uptimeSeconds() : 0;
        List<ProcessReading> tree = new ArrayList<>();
        reading(root, uptime).ifPresent(tree::add);
        if (tree.isEmpty()) {
            return List.of();
        }
        for (OSProcess child : descendants(root.getProcessID())) {
            if (alive(child)) {
                reading(child, uptime).ifPresent(tree::add);
            }
        }
        return tree;
    }

    private List<OSProcess> descendants(int root) {
        if (!childrenFiles) {
            return os.getDescendantProcesses(root, null, null, 0);
        }
        List<OSProcess> processes = new ArrayList<>();
        for (int pid : ProcChildren.descendants(root)) {
            OSProcess process = os.getProcess(pid);
            if (process != null) {
                processes.add(process);
            }
        }
        return processes;
    }

    @Override
    public synchronized NetworkReading read() {
        long received = 0;
        long sent = 0;
        for (NetworkIF net : interfaces) {
            if (net.updateAttributes()) {
                received += net.getBytesRecv();
                sent += net.getBytesSent();
            }
        }
        return new NetworkReading(received, sent);
    }

    private static boolean alive(OSProcess process) {
        return process != null && process.getState() != OSProcess.State.INVALID
                && process.getState() != OSProcess.State.ZOMBIE;
    }

    private Optional<ProcessReading> reading(OSProcess p, double uptime) {
        if (!linux) {
            return Optional.of(new ProcessReading(p.getProcessID(), p.getParentProcessID(), p.getStartTime(),
                    p.getUpTime() / 1e3, p.getUserTime() / 1e3, p.getKernelTime() / 1e3, 0, 0,
                    p.getResidentSetSize(), p.getBytesRead(), p.getBytesWritten()));
        }
        return ProcStat.read(p.getProcessID(), ticksPerSecond).map(stat -> new ProcessReading(p.getProcessID(),
                p.getParentProcessID(), stat.startTicks(), stat.ageSeconds(uptime, ticksPerSecond),
                p.getUserTime() / 1e3, p.getKernelTime() / 1e3, stat.childrenUserSeconds(),
                stat.childrenSystemSeconds(), p.getResidentSetSize(), p.getBytesRead(), p.getBytesWritten()));
    }
}
