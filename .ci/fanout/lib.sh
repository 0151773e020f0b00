# Shared by the fan-out scripts (.ci/fanout/*), which GitHub's workflows and `make fanout-test` call alike.
# Sourced, never run. The docker scripts' helpers come with it: the lab's exit statuses (die_unavailable 69,
# die_failed 70, die 64 for bad input; a command failing unchecked ends the script with 70, not 1 for LEAK).
# shellcheck shell=bash

# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../docker/lib.sh"

FANOUT_DIR=${FANOUT_DIR:-lab-runs/fanout}

say() { log "$ME" "$@"; }

# The `lab` binary: $LAB, else the release build (built now when missing or stale).
lab_binary() {
  if [[ -n ${LAB:-} ]]; then
    [[ -x $LAB ]] || die_unavailable "$ME" "LAB=$LAB is not an executable"
    echo "$LAB"
    return
  fi
  command -v swift >/dev/null || die_unavailable "$ME" "no LAB and no Swift toolchain to build the lab with"
  swift build -c release --product lab >&2 || die_failed "$ME" "swift build -c release --product lab failed"
  echo "$(swift build -c release --show-bin-path)/lab"
}
