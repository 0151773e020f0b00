#!/usr/bin/env bash
# Builds a Debian bookworm base image locally, for engines that cannot pull debian:bookworm-slim:
# `debootstrap --variant=minbase` from Debian's packages, then `docker import`.
#
#   docker/base-image.sh [--force] [IMAGE]     (default IMAGE: leaklab/debian:bookworm)
#
# Skipped when IMAGE exists (the cache between runs on one machine) unless --force.
# Needs root (debootstrap) and a running engine (docker/engine.sh start).
# The mirror is the one this host's apt uses for bookworm (its sources lists, one-line or deb822, under
# LAB_APT_DIR, default /etc/apt), the security suite's likewise; LAB_DEBIAN_MIRROR overrides the first.
#
# Exit status: 0 built or present, 69 no engine, no debootstrap, no mirror or not root, 70 a step failed.
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=base-image
force=0
[[ ${1:-} == --force ]] && { force=1; shift; }
IMAGE=${1:-leaklab/debian:bookworm}
DOCKER=$(docker_cli)
APT_DIR=${LAB_APT_DIR:-/etc/apt}

# host_uri SUITE: the first URI this host's apt sources fetch SUITE from; nothing when none does.
host_uri() {
  local file uri
  for file in "$APT_DIR/sources.list" "$APT_DIR"/sources.list.d/*.list "$APT_DIR"/sources.list.d/*.sources; do
    [[ -r $file ]] || continue
    uri=$(awk -v suite="$1" '
      # One-line form: deb [options] URI SUITE COMPONENTS...
      /^deb[ \t]/ { i = 2; if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
                    if ($(i + 1) == suite) { print $i; exit } }
      # deb822 form: stanzas of Types, URIs, Suites... separated by empty lines.
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (j = 2; j <= NF; j++) if ($j == suite) found = 1 }
      /^[ \t]*$/ { if (found && uri != "") { print uri; exit } uri = ""; found = 0 }
      END { if (found && uri != "") print uri }
    ' "$file")
    [[ -z $uri ]] || { echo "$uri"; return 0; }
  done
  return 0
}
MIRROR=${LAB_DEBIAN_MIRROR:-$(host_uri bookworm)}
SECURITY=$(host_uri bookworm-security)
SECURITY=${SECURITY:-${MIRROR%/debian}/debian-security}

engine_answers || die_unavailable "$ME" "no container engine answers (start one: docker/engine.sh start)"
if ((!force)) && image_exists "$IMAGE"; then
  log "$ME" "$IMAGE exists ($(image_size "$IMAGE")); skipped (--force rebuilds)"
  exit 0
fi
command -v debootstrap >/dev/null || die_unavailable "$ME" "debootstrap missing (docker/engine.sh start installs it)"
[[ -n $MIRROR ]] || die_unavailable "$ME" "this host's apt sources name no mirror for bookworm: set LAB_DEBIAN_MIRROR to one"
[[ $(id -u) == 0 ]] || die_unavailable "$ME" "debootstrap needs root"

ROOTFS=$(mktemp -d /var/tmp/leaklab-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT

t0=$(now)
log "$ME" "debootstrap --variant=minbase bookworm from $MIRROR"
debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 \
  || { tail -n 20 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; die_failed "$ME" "debootstrap failed (its log's end above)"; }
rm -f "$ROOTFS.log"
log "$ME" "debootstrap: $(elapsed "$t0") s"

# Same apt sources as the official debian:bookworm-slim, so `apt-get` in a build on this base
# sees the updates and security suites too.
rm -f "$ROOTFS/etc/apt/sources.list"
cat >"$ROOTFS/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# As in the official image: apt keeps no package caches or downloaded archives.
cat >"$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'EOF2'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF2
# What the slim image leaves out: package caches, documentation.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/usr/share/doc/* \
  "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*

t0=$(now)
tar -C "$ROOTFS" --numeric-owner -c . | "$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' - "$IMAGE" >/dev/null || die_failed "$ME" "docker import of the root file system failed"
log "$ME" "docker import: $(elapsed "$t0") s; $IMAGE is $(image_size "$IMAGE")"
