#!/usr/bin/env bash
# Builds what the benchmarks need, then measures ours and the peers in one run on this machine.
# Writes analytics-bench/target/results.json. Usage: analytics-bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
if [[ "${1:-}" == "--quick" ]]; then quick="--quick"; fi

target="$PWD/analytics-bench/target"
mkdir -p "$target/classpaths"
# Our bundles into the local repository, for peers/openjarvis/pom.xml (this also builds the distribution, for
# the startup measurement); then this module.
mvn -B -q install -DskipTests
mvn -B -q -Pbench package -pl analytics-bench -DskipTests
# Each client runs with only its own runtime classpath: they need different OkHttp versions.
mvn -B -q -Pbench -pl analytics-bench dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$target/classpaths/jmh.txt"
echo "$target/classes:$(cat "$target/classpaths/jmh.txt")" > "$target/classpaths/bench.txt"
for client in openjarvis posthog-java posthog-server segment; do
  mvn -B -q -f "analytics-bench/peers/$client/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$target/classpaths/$client.txt"
done

unset DO_NOT_TRACK OPENJARVIS_NO_ANALYTICS
java -cp "$(cat "$target/classpaths/bench.txt")" org.openjarvis.analytics.bench.RunAll \
    "$target/classpaths" "$PWD/analytics-dist/target/openjarvis-analytics.jar" "$target/results.json" $quick
