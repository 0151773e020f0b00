#!/usr/bin/env bash
# A Docker engine for the lab on a Debian machine where none runs (CI, this project's machines).
#
#   docker/engine.sh start   install docker.io, docker-compose, debootstrap when missing; start
#                            dockerd in the background unless an engine already answers; wait.
#   docker/engine.sh stop    stop the dockerd that `start` started (never someone else's).
#   docker/engine.sh status  say whether an engine answers and who started it.
#
# Needs root for install and start. Idempotent: `start` twice starts one dockerd.
# LAB_ENGINE_DIR holds the pidfile and dockerd's log (default /var/tmp/leaklab-engine); LAB_ENGINE_WAIT is
# how long `start` waits for dockerd to answer (default 60 s).
#
# Exit status: 0 done (`status`: an engine answers), 64 bad command, 69 not root where it must be, a package
# that will not install (`status`: no engine answers), 70 dockerd exited or did not answer.
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=engine
STATE_DIR=$ENGINE_DIR
PIDFILE=$ENGINE_PIDFILE
LOGFILE=$STATE_DIR/dockerd.log
WAIT_SECONDS=${LAB_ENGINE_WAIT:-60}

# Debian packages this script provides, by the command that shows each is present.
declare -A PACKAGES=([dockerd]=docker.io [docker-compose]=docker-compose [debootstrap]=debootstrap)

install_missing() {
  local missing=() cmd
  for cmd in "${!PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PACKAGES[$cmd]}")
  done
  ((${#missing[@]})) || { log "$ME" "packages present (docker.io, docker-compose, debootstrap)"; return 0; }
  [[ $(id -u) == 0 ]] || die_unavailable "$ME" "missing ${missing[*]}: run as root, or install them yourself"
  local t0
  t0=$(now)
  log "$ME" "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    || die_unavailable "$ME" "apt-get update failed: Debian's mirrors are needed to install ${missing[*]}"
  log "$ME" "apt-get update: $(elapsed "$t0") s"
  t0=$(now)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" iptables ca-certificates >/dev/null \
    || die_unavailable "$ME" "apt-get install ${missing[*]} failed"
  log "$ME" "apt-get install: $(elapsed "$t0") s"
}

start_daemon() {
  local pid
  if engine_answers; then
    log "$ME" "an engine already answers$(pid=$(engine_ours) && echo " (ours, pid $pid)" || echo " (not started by us; left alone)")"
    return 0
  fi
  [[ $(id -u) == 0 ]] || die_unavailable "$ME" "no engine answers and starting dockerd needs root"
  if pid=$(engine_ours); then
    log "$ME" "our dockerd (pid $pid) runs but does not answer yet"
  else
    mkdir -p "$STATE_DIR"
    log "$ME" "starting dockerd (log: $LOGFILE)"
    # setsid: dockerd outlives this script and a Ctrl-C in the caller's terminal.
    setsid dockerd >>"$LOGFILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
  fi
  local t0 deadline
  t0=$(now)
  deadline=$((SECONDS + WAIT_SECONDS))
  until engine_answers; do
    # Whether our process still runs, not whether it is named dockerd yet: on a busy machine setsid may
    # not have exec'd it at the first check.
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOGFILE" >&2 || true
      rm -f "$PIDFILE"
      die_failed "$ME" "dockerd exited (log above: $LOGFILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOGFILE" >&2 || true
      stop_daemon
      die_failed "$ME" "dockerd did not answer within ${WAIT_SECONDS}s (stopped)"
    fi
    sleep 0.2
  done
  log "$ME" "dockerd answers after $(elapsed "$t0") s (pid $(<"$PIDFILE"))"
}

stop_daemon() {
  local pid
  if ! pid=$(engine_ours); then
    rm -f "$PIDFILE"
    log "$ME" "no dockerd started by us is running; nothing to stop"
    return 0
  fi
  local t0
  t0=$(now)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$ME" "dockerd (pid $pid) ignored SIGTERM for 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  log "$ME" "stopped our dockerd (pid $pid) in $(elapsed "$t0") s"
}

status() {
  local pid
  if engine_answers; then
    if pid=$(engine_ours); then echo "engine: running, started by engine.sh (pid $pid)"
    else echo "engine: running, not started by engine.sh"; fi
    "$(docker_cli)" version --format 'engine: server {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
  else
    echo "engine: no engine answers"
    exit 69
  fi
}

case ${1:-} in
  start) install_missing; start_daemon ;;
  stop) stop_daemon ;;
  status) status ;;
  -h | --help) usage ;;
  *) usage_error "$ME" "docker/engine.sh takes start, stop or status, not '${1:-}'" ;;
esac
