# Shared helpers for the scripts in docker/. Sourced, never run.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# log PREFIX MESSAGE...: progress on stderr, so stdout stays for results.
log() { local who=$1; shift; printf '%s: %s\n' "$who" "$*" >&2; }
die() { local who=$1; shift; printf '%s: error: %s\n' "$who" "$*" >&2; exit 1; }

# usage_error PREFIX MESSAGE: a bad command line, said with where to look; exit 64 (EX_USAGE).
usage_error() { printf '%s: %s (see --help)\n' "$1" "$2" >&2; exit 64; }

# shell_quote WORD: WORD as a POSIX shell reads it back, in single quotes; the lab's own reader of LAB_ARGS
# (ShellWords in the lab) reads it back the same, expanding nothing.
shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# shell_words WORDS...: the words quoted by shell_quote, each after a space: what is added to LAB_ARGS.
shell_words() { local word; for word in "$@"; do printf ' %s' "$(shell_quote "$word")"; done; }

# words_of ARRAY TEXT: the blank-separated words of TEXT (overrides such as 'uvicorn==0.32.1 pkg[extra]==1')
# into the array named ARRAY, never matched against files as an unquoted `for pin in $TEXT` would be.
words_of() { local -n into=$1; read -r -d '' -a into <<<"$2" || true; }

# option_value OPTION [VALUE ...]: prints the value given to OPTION (the word after it), or stops with a
# usage message when there is none: `X=$(option_value "$@")` in an argument loop, then `shift 2`.
option_value() {
  [[ $# -ge 2 && -n $2 && $2 != --* ]] || usage_error "${ME:-lab}" "$1 needs a value"
  printf '%s' "$2"
}

# usage: the script's header comment (from line 2 to the first line that is not a comment).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

now() { date +%s.%N; }
# elapsed START: seconds since START with one decimal.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The docker client: `docker` from PATH. A newer client negotiates the API version down to
# Debian's 20.10 engine (API 1.41), so either client works; LAB_DOCKER overrides.
docker_cli() { echo "${LAB_DOCKER:-docker}"; }

# engine_answers: true when a Docker engine answers on the default socket (or DOCKER_HOST).
engine_answers() { "$(docker_cli)" info >/dev/null 2>&1; }

# compose_cmd: prints the compose command to use, preferring Docker Compose v2, then the
# python docker-compose 1.x, then podman compose. LAB_COMPOSE overrides (e.g. "docker-compose").
compose_cmd() {
  if [[ -n ${LAB_COMPOSE:-} ]]; then echo "$LAB_COMPOSE"; return 0; fi
  if "$(docker_cli)" compose version >/dev/null 2>&1; then echo "$(docker_cli) compose"; return 0; fi
  if command -v docker-compose >/dev/null 2>&1; then echo docker-compose; return 0; fi
  if command -v podman >/dev/null 2>&1 && podman compose version >/dev/null 2>&1; then
    echo "podman compose"; return 0
  fi
  return 1
}

# The pidfile of the dockerd that docker/engine.sh started.
ENGINE_DIR=${LAB_ENGINE_DIR:-/var/tmp/leaklab-engine}
ENGINE_PIDFILE=$ENGINE_DIR/dockerd.pid

# engine_ours: prints the pid of the dockerd that docker/engine.sh started, if it runs.
engine_ours() {
  [[ -f $ENGINE_PIDFILE ]] || return 1
  local pid
  pid=$(<"$ENGINE_PIDFILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]] \
    && echo "$pid"
}

# json_field FILE EXPRESSION: a value of a JSON file, d being its content (lists space-separated, null as
# nothing); fails, printing nothing, when the file cannot be read.
json_field() {
  command -v python3 >/dev/null || die "${ME:-lab}" "reading $1 needs python3 (apt-get install python3)"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2], {"d": d}); print(" ".join(v) if isinstance(v, list) else ("" if v is None else v))' "$1" "$2" 2>/dev/null
}

# image_exists NAME:TAG
image_exists() { "$(docker_cli)" image inspect "$1" >/dev/null 2>&1; }

# image_size NAME:TAG: size in MB (decimal, as `docker images` shows it).
image_size() {
  "$(docker_cli)" image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}
