# Sourced by the run scripts: compiles the benchmarks module and the modules it uses into their own build directory
# (target-bench, so a developer's target/ is left alone) and sets $classpath to the harnesses and their dependencies.
build=target-bench
mvn -B -ntp -q -Dsla.build.dir="$build" -pl benchmarks -am package dependency:build-classpath \
    -Dmaven.test.skip=true -Dmdep.outputFile="$PWD/benchmarks/$build/classpath.txt" >/dev/null
classpath="benchmarks/$build/classes:$(cat "benchmarks/$build/classpath.txt")"
