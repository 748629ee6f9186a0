# Sourced by the manager harness scripts: installs what the harness compiles against, builds the manager's jar
# into its own build directory when a source is newer, compiles the harness, and sets $jar, $out and $classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=target-bench
jar="sla-manager/$build/sla-manager-0.1.0-SNAPSHOT-exec.jar"
# the harness compiles against test-support and sla-protocol as installed, with their parent (a fresh machine has none)
mvn -B -ntp -q -Dsla.build.dir="$build" -pl .,sla-protocol,test-support install -Dmaven.test.skip=true
# then the manager's jar from its own build directory, rebuilt when a source, resource or POM it is built from is newer
if [[ ! -f "$jar" ]] || [[ -n "$(find sla-manager/src/main sla-manager/pom.xml sla-protocol/src/main sla-protocol/pom.xml pom.xml \
        -newer "$jar" -type f -print -quit)" ]]; then
    mvn -B -ntp -q -Dsla.build.dir="$build" -pl sla-manager package -Dmaven.test.skip=true
fi
mvn -B -ntp -q dependency:get -Dartifact=org.slf4j:slf4j-simple:2.0.17 >/dev/null
out="benchmarks/manager/$build"
mkdir -p "$out/classes"
mvn -B -ntp -q -Dsla.build.dir="$build" -pl test-support dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
m2="$HOME/.m2/repository"
# this worktree's own jars, not the installed copies: the local repository may be shared with other builds, and one
# installing test-support while the harness runs would swap the classes under it
classpath="$PWD/test-support/$build/test-support-0.1.0-SNAPSHOT.jar"
classpath+=":$PWD/sla-protocol/$build/sla-protocol-0.1.0-SNAPSHOT.jar"
classpath+=":$(cat "$out/classpath.txt"):$m2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"
javac -d "$out/classes" -cp "$classpath" $(find benchmarks/manager/src/main/java -name '*.java')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
