#!/usr/bin/env bash
# The compose suite for CI on machines with no image registry: asserts verdicts through the real
# containers. Needs root (engine, debootstrap) and the Swift toolchain (or --bin-dir DIR with
# binaries from `swift build -c release --static-swift-stdlib`):
#   docker/compose-test.sh [--bin-dir DIR] [--newest VERSION]
#
# 1. starts a Docker engine when none answers (docker/engine.sh), builds the Debian base image
#    (cached), the runtime image from the binaries and the LiteLLM 1.61.20 image from PyPI (cached);
# 2. runs compose.yaml + docker/compose.ci.yaml: the direct control must PASS, LiteLLM 1.61.20 must LEAK,
#    and the run must record the proxy image's ID (litellm-image.json);
# 3. with --newest V: LiteLLM V with general_settings.cancel_on_disconnect: true must PASS;
# 4. the native runner with the LiteLLM 1.61.20 image as its build (lab run --litellm-image, the compose
#    config as the operator's own) must LEAK and name the image's ID in report.json; a lab SIGKILLed during that proxy's start must leave no container;
# 5. removes the runs' containers and networks and the runtime image, and stops the engine if it
#    started it. The base and LiteLLM images stay as a cache for the next run on this machine
#    (`docker/compose-lab.sh down --all-images` removes them).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=compose-test
BIN_ARGS=()
NEWEST=""
while (($#)); do
  case $1 in
    --bin-dir) BIN_ARGS=(--bin-dir "$(option_value "$@")"); shift 2 ;;
    --newest) NEWEST=$(option_value "$@"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "$ME" "unknown argument: $1" ;;
  esac
done

D=$LAB_ROOT/docker
T0=$(now)
started_engine=0
engine_answers || started_engine=1
"$D/engine.sh" start
finish() {
  local rc=$?
  "$D/compose-lab.sh" down --images >/dev/null 2>&1 || true
  if ((started_engine)); then "$D/engine.sh" stop; fi
  log "$ME" "total $(elapsed "$T0") s"
  exit "$rc"
}
trap finish EXIT

"$D/base-image.sh"
export LAB_IMAGES=local LAB_PROJECT=leaklab-test
failures=0
passes=0

# check NAME EXPECTED_DIRECT EXPECTED_VERDICT ARGS...: one compose run, its verdicts asserted.
check() {
  local name=$1 want_direct=$2 want=$3 out rc=0 direct verdict events
  shift 3
  out=$LAB_ROOT/lab-runs/compose-test-$name-$(date +%Y%m%d-%H%M%S)
  log "$ME" "$name: expecting direct control $want_direct, verdict $want"
  mkdir -p "$out"
  "$D/compose-lab.sh" "${BIN_ARGS[@]}" --out "$out" "$@" >"$out/verdict.txt" || rc=$?
  verdict=$(tail -n 1 "$out/verdict.txt")
  # The direct control's verdict from its file, not from what its container printed.
  direct=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["verdict"])' \
    "$out/direct-verdict.json" 2>/dev/null || true)
  # Both collectors' verdicts are in the run's event stream, as in a native run's.
  events=$(python3 -c 'import json, sys; print(" ".join(e["verdict"] for e in map(json.loads, open(sys.argv[1])) if e["event"] == "verdict"))' \
    "$out/events.jsonl" 2>/dev/null || true)
  # The build under test, named by its image's ID.
  image=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["image_digest"])' \
    "$out/litellm-image.json" 2>/dev/null || true)
  if [[ $direct == "$want_direct" && $verdict == "VERDICT: $want"* && $events == "$want_direct $want" \
    && $image == sha256:* ]]; then
    log "$ME" "$name: ok (direct: $direct; $verdict)"
    passes=$((passes + 1))
  else
    log "$ME" "$name: FAILED: direct control '${direct:-none}', verdict '$verdict', events '${events:-none}', image '${image:-none}' (exit $rc; files in $out)"
    failures=$((failures + 1))
  fi
}

check litellm-1.61.20 PASS LEAK --litellm-version 1.61.20
# The static lab the images were built with (compose-lab.sh builds it when no --bin-dir is given).
LAB=${BIN_ARGS[1]:-$LAB_ROOT/.build-static/release}/lab
if [[ -n $NEWEST ]]; then
  # The lab renders the config with the setting, as for a native run.
  cfg=$(mktemp /tmp/leaklab-cancel.XXXXXX.yaml)
  "$LAB" litellm-config --backend-url http://backend:5001 \
    --setting general_settings.cancel_on_disconnect=true >"$cfg"
  chmod 644 "$cfg"
  LITELLM_CONFIG=$cfg check "litellm-$NEWEST-cancel" PASS PASS --litellm-version "$NEWEST"
  rm -f "$cfg"
fi

# tally NAME OK TEXT: counts a native image case as passed when OK is 1, and says so with TEXT.
tally() {
  if (($2)); then log "$ME" "$1: ok ($3)"; passes=$((passes + 1))
  else log "$ME" "$1: FAILED: $3"; failures=$((failures + 1)); fi
}

# The image as the build under test of a native run (`lab run --litellm-image`): LiteLLM 1.61.20 must LEAK
# as its release does, the report must name the image by its ID, and a lab killed with SIGKILL while the
# proxy starts must leave no container behind.
IMAGE=leaklab/litellm:1.61.20
image_id=$("$(docker_cli)" image inspect --format '{{.Id}}' "$IMAGE")
runs=$LAB_ROOT/lab-runs/compose-test-native-image-$(date +%Y%m%d-%H%M%S)
mkdir -p "$runs"
rc=0
# With the compose run's config as an operator's own: the image's Python rewrites it for the lab.
"$LAB" run --litellm-image "$IMAGE" --litellm-config "$D/litellm-config.yaml" --backend-port 0 --proxy-port 0 \
  --runs-dir "$runs" --expect leak >"$runs/lab-output.txt" 2>&1 || rc=$?
recorded=$(python3 -c 'import glob, json, sys; print(json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))["cells"][0]["build"]["image_digest"])' \
  "$runs" 2>/dev/null || true)
ok=0
((rc == 0)) && [[ $recorded == "$image_id" ]] && ok=1
tally native-image $ok "exit $rc, $(tail -n 1 "$runs/lab-output.txt"), image ${recorded:-none} (files in $runs)"

# wait_for SECONDS COMMAND...: polls COMMAND every half second until it succeeds; fails after SECONDS.
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do (($(date +%s) < deadline)) || return 1; sleep 0.5; done
}
containers_of() { "$(docker_cli)" ps -q --filter "name=leaklab-proxy-$1-"; }
has_container() { [[ -n $(containers_of "$1") ]]; }
has_no_container() { [[ -z $(containers_of "$1") ]]; }
"$LAB" run --litellm-image "$IMAGE" --backend-port 0 --proxy-port 0 --runs-dir "$runs/killed" \
  >"$runs/killed-output.txt" 2>&1 &
lab_pid=$!
started=0 ok=0
wait_for 180 has_container "$lab_pid" && started=1
kill -KILL "$lab_pid" 2>/dev/null || true
wait "$lab_pid" 2>/dev/null || true
((started)) && wait_for 60 has_no_container "$lab_pid" && ok=1
tally native-image-killed $ok "container started: $started; left after SIGKILL: $(containers_of "$lab_pid" | wc -l)"

echo "compose: $passes passed, $failures failed"
((failures == 0)) || die "$ME" "$failures compose case(s) failed"
