#!/usr/bin/env bash
# Builds a Debian bookworm base image locally, for engines that cannot pull debian:bookworm-slim:
# `debootstrap --variant=minbase` from Debian's packages, then `docker import`.
#
#   docker/base-image.sh [--force] [IMAGE]     (default IMAGE: leaklab/debian:bookworm)
#
# Skipped when IMAGE exists (the cache between runs on one machine) unless --force.
# Needs root (debootstrap) and a running engine (docker/engine.sh start).
# LAB_DEBIAN_MIRROR picks the mirror (default http://deb.debian.org/debian).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ME=base-image
force=0
[[ ${1:-} == --force ]] && { force=1; shift; }
IMAGE=${1:-leaklab/debian:bookworm}
MIRROR=${LAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKER=$(docker_cli)

engine_answers || die "$ME" "no container engine answers (start one: docker/engine.sh start)"
if ((!force)) && image_exists "$IMAGE"; then
  log "$ME" "$IMAGE exists ($(image_size "$IMAGE")); skipped (--force rebuilds)"
  exit 0
fi
command -v debootstrap >/dev/null || die "$ME" "debootstrap missing (docker/engine.sh start installs it)"
[[ $(id -u) == 0 ]] || die "$ME" "debootstrap needs root"

ROOTFS=$(mktemp -d /var/tmp/leaklab-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT

t0=$(now)
log "$ME" "debootstrap --variant=minbase bookworm from $MIRROR"
debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 \
  || { tail -n 20 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; die "$ME" "debootstrap failed"; }
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
URIs: ${MIRROR%/debian}/debian-security
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
  --change 'CMD ["bash"]' - "$IMAGE" >/dev/null
log "$ME" "docker import: $(elapsed "$t0") s; $IMAGE is $(image_size "$IMAGE")"
