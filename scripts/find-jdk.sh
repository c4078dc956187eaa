#!/usr/bin/env bash
# Finds the JDK 21+ this project uses; shared by ./mvnw and scripts/run.sh.
#
#   scripts/find-jdk.sh          print the JDK home (exit 1 with a message if there is none)
#   . scripts/find-jdk.sh        define java_major and find_jdk for the sourcing script
#
# Search order: JAVA_HOME, the javac on PATH, then /usr/lib/jvm/*; the first JDK (java and
# javac) of version 21 or newer wins. Messages are prefixed with the calling script's name.

java_major() { # prints the major version of the java binary given as $1, or 0
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1 | grep . || echo 0
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done
  local home
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    if [ "$(java_major "$home/bin/java")" -ge 21 ]; then echo "$home"; return 0; fi
  done
  echo "${0##*/}: no JDK 21+ found (tried JAVA_HOME, PATH, /usr/lib/jvm/*); install one, e.g. 'apt-get install openjdk-21-jdk'" >&2
  exit 1
}

# Executed rather than sourced: print the JDK home.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  find_jdk
fi
