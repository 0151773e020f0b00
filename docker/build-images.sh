#!/usr/bin/env bash
# Builds the lab's images locally, with no image pulls: the runtime image from host-built static
# binaries (docker/runtime.Dockerfile) and the LiteLLM proxy image from PyPI
# (docker/litellm.Dockerfile). Each is skipped when its tag exists and is current, unless --force.
#
#   docker/build-images.sh [--bin-dir DIR] [--litellm-version V] [--override 'PKG==VER ...']
#                          [--resolve-as-of YYYY-MM-DD] [--base IMAGE] [--only runtime|litellm] [--force]
#
#   --override  overrides that win over LiteLLM's own requirements (env LITELLM_OVERRIDES; the old
#               --pip and LITELLM_PIP_PINS still work)
#
#   --bin-dir   the four binaries (default .build-static/release), from
#               `swift build -c release --static-swift-stdlib --scratch-path .build-static`
#   --base      base image for both (default: debian:bookworm-slim when present, else
#               leaklab/debian:bookworm, made by docker/base-image.sh when missing; any other
#               missing base is pulled by the build)
#
# Prints the tags on stdout as LAB_IMAGE=... and LITELLM_IMAGE=... lines (docker/compose-lab.sh reads them
# as KEY=VALUE, never evaluating them); progress, timings and sizes on stderr. Build logs: $LAB_BUILD_LOGS
# (default /tmp/leaklab-build-logs).
#
# Exit status: 0 built or current, 64 bad options, 65 a binary not built static, 69 no engine or a binary
# missing, 70 a build failed.
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=build-images
BIN_DIR=$LAB_ROOT/.build-static/release
LITELLM_VERSION=${LITELLM_VERSION:-1.61.20}
OVERRIDES=${LITELLM_OVERRIDES:-${LITELLM_PIP_PINS:-}}
RESOLVE_AS_OF=${LITELLM_RESOLVE_AS_OF:-}
BASE=${LAB_BASE_IMAGE:-}
ONLY=""
FORCE=0
LOGS=${LAB_BUILD_LOGS:-/tmp/leaklab-build-logs}
CA_BUNDLE=${LAB_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
EXES=(fake-backend load-client collector lab)

while (($#)); do
  case $1 in
    --bin-dir) BIN_DIR=$(option_value "$@"); shift 2 ;;
    --litellm-version) LITELLM_VERSION=$(option_value "$@"); shift 2 ;;
    --override | --pip) OVERRIDES=$(option_value "$@"); shift 2 ;;
    --resolve-as-of) RESOLVE_AS_OF=$(option_value "$@"); shift 2 ;;
    --base) BASE=$(option_value "$@"); shift 2 ;;
    --only) ONLY=$(option_value "$@"); shift 2 ;;
    --force) FORCE=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "$ME" "unknown argument: $1" ;;
  esac
done

DOCKER=$(docker_cli)
case $ONLY in
  "" | runtime | litellm) ;;
  *) usage_error "$ME" "--only takes runtime or litellm, not '$ONLY'" ;;
esac
engine_answers || die_unavailable "$ME" "no container engine answers (start one: docker/engine.sh start)"
mkdir -p "$LOGS"
WORK=$(mktemp -d /tmp/leaklab-context.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ -z $BASE ]]; then
  if image_exists debian:bookworm-slim; then BASE=debian:bookworm-slim; else BASE=leaklab/debian:bookworm; fi
fi
if ! image_exists "$BASE"; then
  if [[ $BASE == leaklab/debian:bookworm ]]; then "$LAB_ROOT/docker/base-image.sh" "$BASE"
  else log "$ME" "base image $BASE is not here: the build pulls it"; fi
fi

# label IMAGE KEY: a label's value, empty when the image or label is missing.
label() { "$DOCKER" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# build TAG DOCKERFILE CONTEXT [ARGS...]: docker build, output to a log shown on failure.
build() {
  local tag=$1 file=$2 context=$3 t0 log old
  shift 3
  log=$LOGS/$(echo "$tag" | tr '/:' '__').log
  old=$("$DOCKER" image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  log "$ME" "building $tag (log: $log)"
  t0=$(now)
  if ! "$DOCKER" build --pull=false -t "$tag" -f "$file" "$@" "$context" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die_failed "$ME" "building $tag failed (full log: $log)"
  fi
  log "$ME" "built $tag in $(elapsed "$t0") s: $(image_size "$tag")"
  # The image this tag named before: unused now, so it goes (kept if a container still uses it).
  if [[ -n $old && $old != $("$DOCKER" image inspect --format '{{.Id}}' "$tag") ]]; then
    "$DOCKER" rmi "$old" >/dev/null 2>&1 || true
  fi
}

runtime_image() {
  local exe digest links tag=${LAB_IMAGE:-leaklab/lab:local}
  for exe in "${EXES[@]}"; do
    [[ -x $BIN_DIR/$exe ]] || die_unavailable "$ME" "$BIN_DIR/$exe missing: run \`swift build -c release --static-swift-stdlib\` first"
    links=$(ldd "$BIN_DIR/$exe" 2>/dev/null || true)
    [[ $links != *libswiftCore* ]] \
      || die_refused "$ME" "$BIN_DIR/$exe links the Swift runtime dynamically: build with --static-swift-stdlib"
  done
  # A digest of what goes in is a label: the tag is current while binaries, recipe and base are.
  digest=$( (cd "$BIN_DIR" && sha256sum "${EXES[@]}"; sha256sum <"$LAB_ROOT/docker/runtime.Dockerfile"; echo "$BASE") \
    | sha256sum | cut -c1-16)
  if ((!FORCE)) && [[ $(label "$tag" io.leaklab.digest) == "$digest" ]]; then
    log "$ME" "$tag is current ($(image_size "$tag")); skipped"
  else
    mkdir -p "$WORK/runtime/bin"
    for exe in "${EXES[@]}"; do
      cp "$BIN_DIR/$exe" "$WORK/runtime/bin/"
      # Symbols: about a sixth of a static Swift binary, and the image needs none of them.
      if command -v strip >/dev/null && [[ $(head -c4 "$BIN_DIR/$exe") == $'\x7fELF' ]]; then
        strip "$WORK/runtime/bin/$exe"
      fi
    done
    build "$tag" "$LAB_ROOT/docker/runtime.Dockerfile" "$WORK/runtime" \
      --build-arg "BASE_IMAGE=$BASE" --label "io.leaklab.digest=$digest"
  fi
  echo "LAB_IMAGE=$tag"
}

litellm_image() {
  local digest tag=${LITELLM_LOCAL_IMAGE:-leaklab/litellm:$LITELLM_VERSION}
  # Overrides and a resolution day make a different image: their digest goes into the tag.
  [[ -z "$OVERRIDES$RESOLVE_AS_OF" || -n ${LITELLM_LOCAL_IMAGE:-} ]] \
    || tag+="-deps-$( (echo "$OVERRIDES" | tr ' ' '\n' | sort; echo "$RESOLVE_AS_OF") | sha256sum | cut -c1-8)"
  # The lab's own installer does the install (its rules, its refusals): the image is current while it is.
  [[ -x $BIN_DIR/lab ]] || die_unavailable "$ME" "$BIN_DIR/lab missing: the LiteLLM image is installed by it (swift build -c release --static-swift-stdlib)"
  # The release's committed lock decides its packages: the image is current while that lock is too.
  digest=$(cat "$LAB_ROOT/docker/litellm.Dockerfile" "$BIN_DIR/lab" "$BIN_DIR"/*.resources/*/* \
    <(echo "$BASE $LITELLM_VERSION $OVERRIDES $RESOLVE_AS_OF") \
    <(cat "$LAB_ROOT/locks/litellm-$LITELLM_VERSION.txt" 2>/dev/null || true) | sha256sum | cut -c1-16)
  if ((!FORCE)) && [[ $(label "$tag" io.leaklab.digest) == "$digest" ]]; then
    log "$ME" "$tag is current ($(image_size "$tag")); skipped"
  else
    mkdir -p "$WORK/litellm/bin"
    cp "$BIN_DIR/lab" "$WORK/litellm/bin/"
    # The Python programs the lab runs in the venv (its resources) go beside it, as in a build folder.
    cp -R "$BIN_DIR"/*.resources "$WORK/litellm/bin/"
    cp -R "$LAB_ROOT/locks" "$WORK/litellm/locks"
    if [[ -f $CA_BUNDLE ]]; then mkdir "$WORK/litellm/ca" && cp "$CA_BUNDLE" "$WORK/litellm/ca/ca-certificates.crt"; fi
    build "$tag" "$LAB_ROOT/docker/litellm.Dockerfile" "$WORK/litellm" \
      --build-arg "BASE_IMAGE=$BASE" --build-arg "LITELLM_VERSION=$LITELLM_VERSION" \
      --build-arg "OVERRIDES=$OVERRIDES" --build-arg "RESOLVE_AS_OF=$RESOLVE_AS_OF" \
      --label "io.leaklab.digest=$digest"
  fi
  echo "LITELLM_IMAGE=$tag"
}

case $ONLY in
  "") runtime_image; litellm_image ;;
  runtime) runtime_image ;;
  litellm) litellm_image ;;
esac
