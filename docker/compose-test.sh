#!/usr/bin/env bash
# The compose suite for CI on machines with no image registry: asserts verdicts through the real
# containers. Needs root (engine, debootstrap) and the Swift toolchain (or --bin-dir DIR with
# binaries from `swift build -c release --static-swift-stdlib`):
#   docker/compose-test.sh [--bin-dir DIR] [--newest VERSION]
#
# 1. starts a Docker engine when none answers (docker/engine.sh), builds the Debian base image
#    (cached), the runtime image from the binaries and the LiteLLM 1.61.20 image from PyPI (cached);
# 2. runs compose.yaml + docker/compose.ci.yaml, each run's folder checked as a native run's (verdicts,
#    events, report.json naming the proxy image's ID and LiteLLM version, junit.xml, config, proxy log):
#    - LiteLLM 1.61.20, the defaults: the direct control must PASS, LiteLLM must LEAK;
#    - LiteLLM 1.61.20, `-- --scenario chat-stream-mid --setting general_settings.cancel_on_disconnect=true
#      --pip uvicorn==0.32.1 --requests 6 --timeout 2`: must PASS (the override is the fix: uvicorn 0.30+
#      announces ASGI 2.3, so Starlette's disconnect listener cancels the stream); the setting in the
#      config, the override in the image's freeze, 6 requests sent;
#    - with --newest V: LiteLLM V with general_settings.cancel_on_disconnect=true must PASS;
# 3. the native runner with the LiteLLM 1.61.20 image as its build (lab run --litellm-image, the compose
#    run's config as the operator's own) must LEAK and name the image's ID in report.json; `lab report`
#    must merge that native run and the compose runs; a lab SIGKILLed during that proxy's start must
#    leave no container;
# 4. removes the runs' containers and networks and the runtime image, and stops the engine if it
#    started it. The base and LiteLLM images stay as a cache for the next run on this machine
#    (`docker/compose-lab.sh down --all-images` removes them).
#
# Exit status: 0 every case passed, 64 bad options, 69 or 70 from the engine, the base image or a step
# (as those scripts say), 70 a case failed.
set -euo pipefail
# shellcheck source=docker/lib.sh
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


# tally NAME OK TEXT: counts a case as passed when OK is 1, and says so with TEXT.
tally() {
  if (($2)); then log "$ME" "$1: ok ($3)"; passes=$((passes + 1))
  else log "$ME" "$1: FAILED: $3"; failures=$((failures + 1)); fi
}

# A compose case: run_case runs it and checks what every run's folder must hold, require adds the case's
# own checks, end_case tallies it. OUT is the run's folder.
run_case() {
  local want_direct=$2 events
  CASE=$1 WANT=$3 RC=0 PROBLEMS=()
  shift 3
  OUT=$LAB_ROOT/lab-runs/compose-test-$CASE-$(date +%Y%m%d-%H%M%S)
  log "$ME" "$CASE: expecting direct control $want_direct, verdict $WANT"
  mkdir -p "$OUT"
  "$D/compose-lab.sh" "${BIN_ARGS[@]}" --out "$OUT" "$@" >"$OUT/verdict.txt" || RC=$?
  VERDICT=$(tail -n 1 "$OUT/verdict.txt")
  require "verdict '$VERDICT'" test "${VERDICT#"VERDICT: $WANT "}" != "$VERDICT"
  # The files, not what the containers printed: both collectors' verdicts and the run's end in the events.
  events=$(python3 -c 'import json, sys; print(" ".join(e.get("verdict") or str(e.get("exit_code")) for e in map(json.loads, open(sys.argv[1])) if e["event"] in ("verdict", "run_ended")))' \
    "$OUT/events.jsonl" 2>/dev/null || true)
  require "events '$events', not '$want_direct $WANT $RC'" test "$events" == "$want_direct $WANT $RC"
  require "direct-verdict.json" test "$(json_field "$OUT/direct-verdict.json" 'd["verdict"]')" == "$want_direct"
  # The report, as a native run's: the cell named by the proxy image's ID and the LiteLLM version in it.
  require "report.json's verdict" test "$(json_field "$OUT/report.json" 'd["cells"][0]["verdict"]')" == "$WANT"
  require "report.json's image ID" grep -q '"image_digest" : "sha256:' "$OUT/report.json"
  require "junit.xml" grep -q "<testcase" "$OUT/junit.xml"
  require "litellm-config.yaml" grep -q "api_base" "$OUT/litellm-config.yaml"
  require "proxy.log" grep -q "Uvicorn running" "$OUT/proxy.log"
}
# require TEXT COMMAND...: TEXT is a problem of the case unless COMMAND succeeds.
require() {
  local text=$1
  shift
  "$@" >/dev/null 2>&1 || PROBLEMS+=("$text")
}
end_case() {
  local ok=0
  ((${#PROBLEMS[@]} == 0)) && ok=1
  tally "$CASE" $ok "$VERDICT${PROBLEMS[*]:+; wrong: ${PROBLEMS[*]}} (exit $RC; files in $OUT)"
}

run_case litellm-1.61.20 PASS LEAK --litellm-version 1.61.20
require "report.json's LiteLLM version" test "$(json_field "$OUT/report.json" 'd["cells"][0]["build"]["version"]')" == 1.61.20
# The image holds exactly the release's committed lock, as a native run's venv does.
require "the committed lock as the image's lock.txt" cmp -s "$OUT/lock.txt" "$LAB_ROOT/locks/litellm-1.61.20.txt"
end_case
FIRST=$OUT
# A streaming scenario, a setting and an override, as `make lab LAB_ARGS=...` hands them to compose.
run_case stream-override PASS PASS --litellm-version 1.61.20 -- --scenario chat-stream-mid \
  --setting general_settings.cancel_on_disconnect=true --pip uvicorn==0.32.1 --requests 6 --timeout 2
require "the setting in litellm-config.yaml" grep -q "cancel_on_disconnect: true" "$OUT/litellm-config.yaml"
require "uvicorn 0.32.1 in the image's pip-freeze.txt" grep -qx "uvicorn==0.32.1" "$OUT/pip-freeze.txt"
require "6 streaming requests sent" test "$(json_field "$OUT/proxy-load.json" 'd["sent"]')" == 6
end_case
STREAM=$OUT
# The static lab the images were built with (compose-lab.sh builds it when no --bin-dir is given).
LAB=${BIN_ARGS[1]:-$LAB_ROOT/.build-static/release}/lab
if [[ -n $NEWEST ]]; then
  run_case "litellm-$NEWEST-cancel" PASS PASS --litellm-version "$NEWEST" -- \
    --setting general_settings.cancel_on_disconnect=true
  end_case
fi

# The image as the build under test of a native run (`lab run --litellm-image`): LiteLLM 1.61.20 must LEAK
# as its release does, the report must name the image by its ID, and a lab killed with SIGKILL while the
# proxy starts must leave no container behind.
IMAGE=leaklab/litellm:1.61.20
image_id=$("$(docker_cli)" image inspect --format '{{.Id}}' "$IMAGE")
runs=$LAB_ROOT/lab-runs/compose-test-native-image-$(date +%Y%m%d-%H%M%S)
mkdir -p "$runs"
rc=0
# With the compose run's config as an operator's own: the image's Python rewrites it for the lab.
"$LAB" run --litellm-image "$IMAGE" --litellm-config "$FIRST/litellm-config.yaml" --backend-port 0 --proxy-port 0 \
  --runs-dir "$runs" --expect leak >"$runs/lab-output.txt" 2>&1 || rc=$?
recorded=$(python3 -c 'import glob, json, sys; print(json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))["cells"][0]["build"]["image_digest"])' \
  "$runs" 2>/dev/null || true)
ok=0
((rc == 0)) && [[ $recorded == "$image_id" ]] && ok=1
tally native-image $ok "exit $rc, $(tail -n 1 "$runs/lab-output.txt"), image ${recorded:-none} (files in $runs)"

# `make report` merges compose runs beside native ones: the compose stream's cell and the native chat cell
# (a compose cell of the same case, measured earlier, gives way to it).
merged=$(mktemp -d /tmp/leaklab-merge.XXXXXX)
cp -r "$FIRST" "$STREAM" "$runs" "$merged/"
"$LAB" report --runs-dir "$merged" >"$merged/report-output.txt" 2>&1 || true
cells=$(json_field "$merged/report/report.json" 'sorted("%s:%s:%s" % (c["scenario"], c["verdict"], "compose" if "/compose-test-stream" in c["folder"] else "native" if "/compose-test-native" in c["folder"] else "?") for c in d["cells"])' || true)
ok=0
[[ " $cells " == *" chat-stream-mid:PASS:compose "* && " $cells " == *" chat:LEAK:native "* ]] && ok=1
tally report-merge $ok "cells of the merged report: '${cells:-none}'"
rm -rf "$merged"

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
((failures == 0)) || die_failed "$ME" "$failures compose case(s) failed"
