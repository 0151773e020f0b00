#!/usr/bin/env bash
# Runs the compose lab end to end: prints the collector's VERDICT line and exits with its code
# (0 PASS, 1 LEAK, 2 INCONCLUSIVE, 3 NOT SERVED; with --expect: 0 match, 1 mismatch). Whatever happens, even
# Ctrl-C, the containers, networks and volumes of the run are removed afterwards.
#
#   docker/compose-lab.sh [run] [--local | --registry] [--build] [--expect leak|no-leak]
#                         [--litellm-version V] [--pip 'PKG==VER ...'] [--bin-dir DIR] [--out DIR]
#                         [-- LAB RUN OPTIONS...]
#   docker/compose-lab.sh down [--images | --all-images]
#   docker/compose-lab.sh check      exit 0 when an engine and a compose answer (says which)
#
#   --local    no registry: the runtime image from host-built static binaries (--bin-dir, or
#              built here by `swift build -c release --static-swift-stdlib` into .build-static)
#              and LiteLLM from PyPI, both built when missing or stale (docker/build-images.sh),
#              and docker/compose.ci.yaml on top of compose.yaml
#   --registry the lab image from docker/lab.Dockerfile (build stage on the official Swift
#              image), the official LiteLLM image pulled by compose
#              Default (LAB_IMAGES=auto): --local when the engine is the one docker/engine.sh
#              started (machines with no registry), --registry otherwise.
#   --build    with --registry: rebuild the lab image even if it exists
#   --litellm-version V, --pip PINS   LiteLLM built from PyPI at V (with pins) instead of the
#              official image (implied by --local; default 1.61.20)
#   --out DIR  the run's output directory (default lab-runs/compose-<time>)
#   -- ...     `lab run` options, added to LAB_ARGS: the scenario, settings, overrides (--pip),
#              --litellm-version or --litellm-image, requests, timeout, grace... (`lab compose-plan`
#              refuses by name what compose cannot honour)
#
# The run's folder ends as a native run's: verdict.json, direct-verdict.json, report.json, junit.xml,
# events.jsonl, the exact litellm-config.yaml, proxy.log (and every service's log), pip-freeze.txt.
# report.json and junit.xml are written by the lab binary on this machine (the static one the images
# are built from, else .build/release/lab, else `swift build -c release --product lab` makes it).
#   down       removes what an interrupted run left (containers, networks, volumes); --images
#              also the runtime image, --all-images every leaklab/* image (base and LiteLLM
#              caches included)
#
# Environment: LAB_ARGS (`lab run` options, as for `make lab`), LAB_IMAGES (local|registry|auto),
# LAB_EXPECT, LITELLM_VERSION, LITELLM_PIP_PINS, LAB_BIN_DIR stand for the options; LAB_PROJECT names
# the compose project (default leaklab).
# Engine: Docker Compose v2, docker-compose 1.x or podman compose (LAB_COMPOSE overrides).
#
# Exit status: the verdict's (above), else the lab's own: 64 bad options (the plan's too), 65 input the plan
# refused, 69 no engine, no compose, no Swift toolchain, no python3, or the plan's lab found something
# unavailable (`check`: no engine or compose), 70 a step failed (an image build, the plan service), 130
# interrupted, 143 on SIGTERM.
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=compose-lab
PROJECT=${LAB_PROJECT:-leaklab}
cmd=run
[[ ${1:-} == run || ${1:-} == down || ${1:-} == check ]] && { cmd=$1; shift; }
case ${LAB_IMAGES:-auto} in
  local) LOCAL=1 ;;
  registry) LOCAL=0 ;;
  auto) if engine_ours >/dev/null; then LOCAL=1; else LOCAL=0; fi ;;
  *) usage_error "$ME" "LAB_IMAGES takes local, registry or auto, not '$LAB_IMAGES'" ;;
esac
BUILD=0 EXPECT=${LAB_EXPECT:-} OUT="" IMAGES=""
BIN_DIR=${LAB_BIN_DIR:-}
ARGS=${LAB_ARGS:-}
# pins_as_args WORDS: `--pip W` for each blank-separated override, quoted as LAB_ARGS's reader reads them.
pins_as_args() {
  local pin pins=() words=()
  words_of pins "$1"
  for pin in "${pins[@]}"; do words+=(--pip "$pin"); done
  ((${#words[@]} == 0)) || shell_words "${words[@]}"
}
[[ -z ${LITELLM_PIP_PINS:-} ]] || ARGS+=$(pins_as_args "$LITELLM_PIP_PINS")
while (($#)); do
  case $1 in
    --local | --ci) LOCAL=1; shift ;;
    --registry) LOCAL=0; shift ;;
    --build) BUILD=1; shift ;;
    --expect) EXPECT=$(option_value "$@"); shift 2 ;;
    # As with the native runner, LITELLM_VERSION is the release unless the run's options name a build.
    --litellm-version) LITELLM_VERSION=$(option_value "$@"); shift 2 ;;
    --pip) ARGS+=$(pins_as_args "$(option_value "$@")"); shift 2 ;;
    --bin-dir) BIN_DIR=$(option_value "$@"); shift 2 ;;
    --out) OUT=$(option_value "$@"); shift 2 ;;
    --images | --all-images) IMAGES=$1; shift ;;
    --) shift; ARGS+=$(shell_words "$@"); break ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "$ME" "unknown argument: $1 (\`lab run\` options go after --)" ;;
  esac
done
[[ -z $EXPECT || $EXPECT == leak || $EXPECT == no-leak ]] || usage_error "$ME" "--expect takes leak or no-leak, not '$EXPECT'"
export LAB_ARGS=$ARGS LAB_EXPECT=$EXPECT LITELLM_VERSION=${LITELLM_VERSION:-}

engine_answers || die_unavailable "$ME" "no container engine answers (docker/engine.sh start starts one)"
compose_text=$(compose_cmd) \
  || die_unavailable "$ME" "an engine answers, but no compose is installed: install Docker Compose v2, docker-compose or podman-compose"
# The compose command's words ("docker compose", "podman compose", LAB_COMPOSE's).
COMPOSE=()
words_of COMPOSE "$compose_text"
if [[ $cmd == check ]]; then
  echo "compose-lab: ${COMPOSE[*]} on engine $("$(docker_cli)" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')," \
    "images $( ((LOCAL)) && echo "built locally" || echo "from registries")"
  exit 0
fi
FILES=(-f "$LAB_ROOT/compose.yaml")
((LOCAL)) && FILES+=(-f "$LAB_ROOT/docker/compose.ci.yaml")
# Only the image variables matter to `down`, but compose wants the file to interpolate.
compose() { "${COMPOSE[@]}" -p "$PROJECT" "${FILES[@]}" "$@"; }

if [[ $cmd == down ]]; then
  compose down -v --remove-orphans -t 2
  case $IMAGES in
    --images) "$(docker_cli)" rmi -f "${LAB_IMAGE:-leaklab/lab:local}" >/dev/null 2>&1 || true ;;
    --all-images)
      "$(docker_cli)" images --format '{{.Repository}}:{{.Tag}}' | { grep '^leaklab/' || true; } \
        | xargs -r "$(docker_cli)" rmi -f >/dev/null ;;
  esac
  exit 0
fi

log "$ME" "engine: $("$(docker_cli)" version --format '{{.Server.Version}}' 2>/dev/null || echo '?'); compose: ${COMPOSE[*]};" \
  "images: $( ((LOCAL)) && echo "built locally (no registry)" || echo "from registries")"
t0=$(now)
# static_lab: the static binaries the local images are made of, built apart from .build so that a native
# build with other flags does not relink them (a no-op when current).
static_lab() {
  [[ -z $BIN_DIR ]] || return 0
  command -v swift >/dev/null || die_unavailable "$ME" "building images needs the Swift toolchain, or --bin-dir with static binaries"
  log "$ME" "swift build -c release --static-swift-stdlib (.build-static)"
  swift build -c release --static-swift-stdlib --package-path "$LAB_ROOT" \
    --scratch-path "$LAB_ROOT/.build-static" >&2 || die_failed "$ME" "swift build of the static binaries failed"
  BIN_DIR=$LAB_ROOT/.build-static/release
}
# build_images ARGS...: docker/build-images.sh, taking the one tag it names (and nothing else it prints).
build_images() {
  local images key value
  images=$("$LAB_ROOT/docker/build-images.sh" --bin-dir "$BIN_DIR" "$@")
  while IFS='=' read -r key value; do
    case $key in
      LAB_IMAGE | LITELLM_IMAGE) export "$key=$value" ;;
      *) die_failed "$ME" "docker/build-images.sh printed '$key=$value', not an image tag" ;;
    esac
  done <<<"$images"
}
if ((LOCAL)); then
  static_lab
  build_images --only runtime
elif ((BUILD)) || ! image_exists "${LAB_IMAGE:-leaklab/lab:latest}"; then
  # One build serves all lab services: they share the image.
  log "$ME" "building ${LAB_IMAGE:-leaklab/lab:latest} from docker/lab.Dockerfile"
  compose build plan >&2 || die_failed "$ME" "building ${LAB_IMAGE:-leaklab/lab:latest} from docker/lab.Dockerfile failed"
fi

OUT=${OUT:-$LAB_ROOT/lab-runs/compose-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# The containers run as the caller, so the output is theirs; root runs them as the image's own
# non-root user and takes the files back afterwards.
if [[ $(id -u) == 0 ]]; then
  export LAB_UID=10001 LAB_GID=10001
  chown 10001:10001 "$OUT"
else
  LAB_UID=$(id -u) LAB_GID=$(id -g)
  export LAB_UID LAB_GID
fi
export LAB_OUT=$OUT
# A master key per run: recent LiteLLM releases refuse to start without one.
LITELLM_MASTER_KEY=${LITELLM_MASTER_KEY:-sk-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')}
export LITELLM_MASTER_KEY

# service_logs SERVICE: its container's output, straight from the engine (faster than compose).
service_id() {
  { "$(docker_cli)" ps -aq --filter "label=com.docker.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=$1" 2>/dev/null || true; } | sed -n 1p
}
service_logs() {
  local id
  id=$(service_id "$1")
  if [[ -n $id ]]; then "$(docker_cli)" logs "$id" 2>&1; else compose logs --no-color "$1" 2>&1; fi
}
# verdict_line FILE: the VERDICT line of a collector's verdict.json, or nothing when it wrote none. The
# file is the collector's record; its printed line is for people.
verdict_line() {
  [[ -s $1 ]] || return 0
  echo "VERDICT: $(json_field "$1" 'd["verdict"]') $(json_field "$1" 'd["reason"]')"
}
# host_lab: the lab binary that writes the report on this machine, built when there is none.
host_lab() {
  local candidate candidates=()
  [[ -z $BIN_DIR ]] || candidates+=("$BIN_DIR/lab")
  candidates+=("$LAB_ROOT/.build-static/release/lab" "$LAB_ROOT/.build/release/lab")
  for candidate in "${candidates[@]}"; do
    [[ -x $candidate ]] && { echo "$candidate"; return 0; }
  done
  command -v swift >/dev/null || return 1
  swift build -c release --product lab --package-path "$LAB_ROOT" >&2 && echo "$LAB_ROOT/.build/release/lab"
}

cleaned=0
proxy_image=""
# Why a run without the collector's verdict is INCONCLUSIVE, for its report.
REASON="the run ended before the collector's verdict"
# cleanup EXIT_CODE: keeps every service's log, removes the containers, writes the report.
cleanup() {
  ((cleaned)) && return 0
  cleaned=1
  local id svc lab t1
  id=$(service_id litellm)
  [[ -z $id ]] || proxy_image=$("$(docker_cli)" inspect --format '{{.Config.Image}}' "$id" 2>/dev/null || true)
  compose logs --no-color >"$OUT/compose.log" 2>&1 || true
  for svc in plan backend collector-direct load-direct load collector; do
    service_logs "$svc" >"$OUT/$svc.log" 2>&1 || true
  done
  # The proxy's log under the native runner's name.
  service_logs litellm >"$OUT/proxy.log" 2>&1 || true
  t1=$(now)
  compose down -v --remove-orphans -t 2 >"$OUT/compose-down.log" 2>&1 \
    || log "$ME" "compose down failed (see $OUT/compose-down.log); \`docker/compose-lab.sh down\` retries"
  log "$ME" "removed containers and networks in $(elapsed "$t1") s"
  if [[ -n $proxy_image && -s $OUT/compose-plan.json ]]; then
    if lab=$(host_lab); then
      "$lab" compose-report --run "$OUT" --litellm-image "$proxy_image" --exit-code "$1" --reason "$REASON" >&2 \
        || log "$ME" "no report.json: \`lab compose-report\` failed (the verdict files are in $OUT)"
    else
      log "$ME" "no report.json: writing it needs the lab binary on this machine (install Swift)"
    fi
  fi
  [[ $(id -u) != 0 ]] || chown -R 0:0 "$OUT"
}
trap 'cleanup 70' EXIT
# A signal ends the run: 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
trap 'log "$ME" interrupted; REASON="interrupted before the collector gave its verdict"; cleanup 130; exit 130' INT
trap 'log "$ME" terminated; REASON="terminated before the collector gave its verdict"; cleanup 143; exit 143' TERM

# The plan first: it refuses what compose cannot honour before anything is built, and names the build.
log "$ME" "planning (lab compose-plan${LAB_ARGS:+ $LAB_ARGS}; output $OUT)"
rc=0
compose run --rm --no-deps -T plan >&2 || rc=$?
# The lab's own refusals are its statuses (it said why); anything else is the plan service failing.
case $rc in
  0) ;;
  64 | 65 | 69) exit "$rc" ;;
  *) die_failed "$ME" "the plan failed (exit $rc)" ;;
esac
plan=$OUT/compose-plan.json
if [[ -z ${LITELLM_IMAGE:-} ]]; then
  image=$(json_field "$plan" 'd["litellm"].get("image")')
  version=$(json_field "$plan" 'd["litellm"].get("version")')
  overrides=$(json_field "$plan" 'd["litellm"].get("overrides", [])')
  as_of=$(json_field "$plan" 'd["litellm"].get("resolve_as_of")')
  if [[ -n $image ]]; then
    export LITELLM_IMAGE=$image
  elif ((LOCAL)) || [[ $version != 1.61.20 || -n $overrides$as_of ]]; then
    # A release as the lab installs it, on the official slim Debian when images come from registries.
    static_lab
    options=(--only litellm --litellm-version "$version")
    ((LOCAL)) || options+=(--base "${LAB_BASE_IMAGE:-debian:bookworm-slim}")
    [[ -z $overrides ]] || options+=(--override "$overrides")
    [[ -z $as_of ]] || options+=(--resolve-as-of "$as_of")
    build_images "${options[@]}"
  fi
fi
log "$ME" "images ready in $(elapsed "$t0") s: ${LAB_IMAGE:-leaklab/lab:latest}, ${LITELLM_IMAGE:-official LiteLLM image}"

log "$ME" "running (project $PROJECT)"
t0=$(now)
color=()
[[ -t 2 ]] || color=(--no-color)
# compose's status is the collector's, the verdict's: checked here, never a failure of the script.
code=0
compose up --no-build "${color[@]}" --exit-code-from collector collector 2>&1 | tee "$OUT/compose-up.log" >&2 \
  || code=${PIPESTATUS[0]}
log "$ME" "compose up finished in $(elapsed "$t0") s with exit code $code"

verdict=$(verdict_line "$OUT/verdict.json")
if [[ -z $verdict ]]; then
  direct=$(verdict_line "$OUT/direct-verdict.json")
  if [[ -n $direct && $direct != "VERDICT: PASS"* ]]; then
    verdict="VERDICT: INCONCLUSIVE the direct control did not pass (${direct#VERDICT: }): the harness, not the proxy"
  elif [[ $("$(docker_cli)" inspect --format '{{.State.Health.Status}}' "$(service_id litellm)" 2>/dev/null) == unhealthy ]]; then
    service_logs litellm | tail -n 30 >&2
    verdict="VERDICT: INCONCLUSIVE litellm never became healthy (its log tail above)"
  else
    verdict="VERDICT: INCONCLUSIVE the collector gave no verdict (compose exit $code; see $OUT/compose.log)"
  fi
  REASON=${verdict#VERDICT: INCONCLUSIVE }
  code=2
fi
# Clean up first, so the verdict is the last line printed, as with the native runtime.
cleanup "$code"
echo "$verdict"
exit "$code"
