# Shared helpers for the scripts in docker/. Sourced, never run.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# log PREFIX MESSAGE...: progress on stderr, so stdout stays for results.
log() { local who=$1; shift; printf '%s: %s\n' "$who" "$*" >&2; }

# Exit statuses are the lab's own, in both runtimes: 0 PASS, 1 LEAK, 2 INCONCLUSIVE and 3 NOT SERVED belong to
# verdicts, so a script that fails never ends with them. 64 bad options, 65 refused input, 69 something
# unavailable, 70 a step that failed, 130 interrupted (143 on SIGTERM).
#
# die STATUS PREFIX MESSAGE...: the error on stderr, then exit STATUS. The callers name the kind:
die() { local status=$1 who=$2; shift 2; printf '%s: error: %s\n' "$who" "$*" >&2; exit "$status"; }
# die_unavailable PREFIX MESSAGE...: 69 (EX_UNAVAILABLE): something the script needs is not there or not
# reachable: a container engine, a tool, root, a binary, an image, a mirror, a package that will not install.
die_unavailable() { die 69 "$@"; }
# die_refused PREFIX MESSAGE...: 65 (EX_DATAERR): an input refused on its content.
die_refused() { die 65 "$@"; }
# die_failed PREFIX MESSAGE...: 70 (EX_SOFTWARE): a step the script ran failed (a build, debootstrap, dockerd,
# compose's plan service), or something unexpected.
die_failed() { die 70 "$@"; }

# usage_error PREFIX MESSAGE: a bad command line, said with where to look; exit 64 (EX_USAGE).
usage_error() { printf '%s: %s (see --help)\n' "$1" "$2" >&2; exit 64; }

# unchecked_failure STATUS COMMAND LINE: the ERR trap below. A command that fails where the script does not
# check it would end the script (set -e) with the command's own status, 1 reading as LEAK: the script ends
# with 69 when the command was missing or could not run (126, 127), with the status as it is when it is
# already one of the lab's (64, 65, 69, 70, 130, 143: a script this one ran, which said why), else with 70,
# naming the command. In a subshell (a command substitution) it only passes the status on: the script that
# sees the substitution fail says so.
unchecked_failure() {
  local status=$1
  ((BASH_SUBSHELL == 0)) || exit "$status"
  case $status in
    64 | 65 | 69 | 70 | 130 | 143) ;;
    126 | 127) printf '%s: error: %s: missing or not executable (%s line %s)\n' "${ME:-lab}" "${2%% *}" \
      "${BASH_SOURCE[1]##*/}" "$3" >&2; status=69 ;;
    *) printf '%s: error: %s failed with exit %s (%s line %s)\n' "${ME:-lab}" "$2" "$status" \
      "${BASH_SOURCE[1]##*/}" "$3" >&2; status=70 ;;
  esac
  exit "$status"
}
# errtrace: the trap holds in functions and command substitutions too.
set -o errtrace
trap 'unchecked_failure "$?" "$BASH_COMMAND" "$LINENO"' ERR

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
  command -v python3 >/dev/null || die_unavailable "${ME:-lab}" "reading $1 needs python3 (apt-get install python3)"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2], {"d": d}); print(" ".join(v) if isinstance(v, list) else ("" if v is None else v))' "$1" "$2" 2>/dev/null
}

# image_exists NAME:TAG
image_exists() { "$(docker_cli)" image inspect "$1" >/dev/null 2>&1; }

# image_size NAME:TAG: size in MB (decimal, as `docker images` shows it).
image_size() {
  "$(docker_cli)" image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}
