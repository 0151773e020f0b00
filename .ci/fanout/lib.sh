# Shared by the fan-out scripts (.ci/fanout/*), which GitHub's workflows and `make fanout-test` call alike.
# Sourced, never run.
# shellcheck shell=bash

FANOUT_DIR=${FANOUT_DIR:-lab-runs/fanout}

say() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The `lab` binary: $LAB, else the release build (built now when missing or stale).
lab_binary() {
  if [[ -n ${LAB:-} ]]; then
    [[ -x $LAB ]] || die "LAB=$LAB is not an executable"
    echo "$LAB"
    return
  fi
  swift build -c release --product lab >&2
  echo "$(swift build -c release --show-bin-path)/lab"
}
