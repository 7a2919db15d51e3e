# Sourced by the benchmark scripts: installs the plugin as built in this checkout (and its parent pom) into a
# private local repository, BENCH_REPO (default target/bench-repo), so that a benchmark never replaces the plugin
# other builds use; artifacts already in ~/.m2 are read from there. Sets: root, repo, mvn (the Maven command).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repo="${BENCH_REPO:-$root/target/bench-repo}"
mvn=("$root/mvnw" -B "-Dmaven.repo.local=$repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
"${mvn[@]}" -q -f "$root/pom.xml" -pl envtest-maven-plugin -am install -DskipTests
