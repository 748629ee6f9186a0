# Sourced by the manager harness scripts: builds the benchmarks module (benchmarks/classpath.sh) and the manager's
# jar into their own build directory, the jar when a source is newer, and sets $jar and $classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/classpath.sh
jar="sla-manager/$build/sla-manager-0.1.0-SNAPSHOT-exec.jar"
# then the manager's jar from its own build directory, rebuilt when a source, resource or POM it is built from is newer
if [[ ! -f "$jar" ]] || [[ -n "$(find sla-manager/src/main sla-manager/pom.xml sla-protocol/src/main sla-protocol/pom.xml pom.xml \
        -newer "$jar" -type f -print -quit)" ]]; then
    mvn -B -ntp -q -Dsla.build.dir="$build" -pl sla-manager package -Dmaven.test.skip=true
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
