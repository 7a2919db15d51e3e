# Sourced by the benchmark scripts: installs the plugin as built in this checkout (and its parent pom) into a
# private local repository, BENCH_REPO (default target/bench-repo), so that a benchmark never replaces the plugin
# other builds use; artifacts already in ~/.m2 are read from there. Sets: root, repo, mvn (the Maven command),
# version and plugin (the plugin's coordinates), and
# bare_pom <dir> [artifactId]: a pom with nothing in it, for a goal run on its own.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repo="${BENCH_REPO:-$root/target/bench-repo}"
mvn=("$root/mvnw" -B "-Dmaven.repo.local=$repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
"${mvn[@]}" -q -f "$root/pom.xml" -pl envtest-maven-plugin -am install -DskipTests
version="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$root/pom.xml" | head -1)"
plugin="dev.envtest:envtest-maven-plugin:$version"
bare_pom() {
  mkdir -p "$1"
  cat > "$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>${2:-bench}</artifactId><version>1</version><packaging>pom</packaging></project>
POM
}
