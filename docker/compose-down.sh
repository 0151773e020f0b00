#!/usr/bin/env bash
# Removes everything the compose lab made: `docker/compose-lab.sh down`, which see.
#   docker/compose-down.sh [--images | --all-images]
exec "$(dirname "${BASH_SOURCE[0]}")/compose-lab.sh" down "$@"
