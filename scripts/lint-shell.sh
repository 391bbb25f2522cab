#!/usr/bin/env bash
# Runs shellcheck over the project's shell scripts (mvn verify calls this). Uses the shellcheck on
# PATH, else Debian's package unpacked under target/shellcheck (apt-get download + dpkg-deb, no
# installation; as root it refreshes the package lists once if the download fails).
#   scripts/lint-shell.sh [file ...]     default: scripts/*.sh, scripts/sparkrl, scripts/bench-java, .ci/run
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/target/shellcheck"

find_shellcheck() {
  if command -v shellcheck > /dev/null; then
    command -v shellcheck
  elif [[ -x "$tools/usr/bin/shellcheck" ]]; then
    echo "$tools/usr/bin/shellcheck"
  else
    return 1
  fi
}

fetch_shellcheck() {
  command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null || return 1
  mkdir -p "$tools"
  (cd "$tools" && apt-get download -qq shellcheck > /dev/null 2>&1) \
    || { [[ "$(id -u)" == "0" ]] && apt-get update -qq > /dev/null 2>&1 \
      && (cd "$tools" && apt-get download -qq shellcheck > /dev/null 2>&1); } \
    || return 1
  dpkg-deb -x "$tools"/shellcheck_*.deb "$tools"
}

if ! shellcheck_bin="$(find_shellcheck)"; then
  echo "lint-shell: shellcheck not on PATH; fetching Debian's package into $tools" >&2
  if ! fetch_shellcheck || ! shellcheck_bin="$(find_shellcheck)"; then
    echo "lint-shell: cannot get shellcheck: install it (apt-get install shellcheck)," \
      "or skip this check with -Dshellcheck.skip=true" >&2
    exit 1
  fi
fi

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  files=("$root"/scripts/*.sh "$root/scripts/sparkrl" "$root/scripts/bench-java" "$root/.ci/run")
fi
"$shellcheck_bin" --version | sed -n 's/^version: /lint-shell: shellcheck /p' >&2
"$shellcheck_bin" "${files[@]}"
echo "lint-shell: ${#files[@]} scripts clean" >&2
