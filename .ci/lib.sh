# shellcheck shell=bash
# Sourced by the .ci scripts that run long commands, some beside busy loops: one way to start and stop them.
#
# Each command runs in a process group of its own, in the background while the script waits: bash runs a
# trap only once its foreground child has ended, so a SIGTERM or Ctrl-C would otherwise wait for a whole
# `make test`. On INT or TERM the script exits 130 or 143, and on any exit it ends every group it started.

busy_group=""
child_group=""

stop_groups() {
    local group
    for group in $busy_group $child_group; do kill -- -"$group" 2>/dev/null || true; done
}
trap stop_groups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_busy_load COUNT: COUNT busy loops (none for 0), ended with the script.
start_busy_load() {
    [ "$1" -gt 0 ] || return 0
    # shellcheck disable=SC2016 # the single quotes are deliberate: $1 is the child shell's own argument
    setsid sh -c 'for _ in $(seq "$1"); do (while :; do :; done) & done; wait' sh "$1" &
    busy_group=$!
}

# run_group COMMAND [ARGUMENT...]: runs the command in a process group of its own and returns its status.
run_group() {
    local status=0
    setsid "$@" &
    child_group=$!
    wait "$child_group" || status=$?
    child_group=""
    return "$status"
}
