# The real LiteLLM proxy, installed from PyPI at a pinned version by the lab's own installer: for
# releases with no published image, for dependency overrides, and for engines that cannot pull images.
#
#   docker/build-images.sh --only litellm --litellm-version 1.74.0 --override 'uvicorn==0.32.1'
#
# Built from the context docker/build-images.sh prepares: the static `lab` binary in bin/ (from
# `swift build -c release --static-swift-stdlib`), the checkout's committed locks in locks/ (a release
# with one installs exactly its packages, as natively) and, when pip must trust an extra CA (PyPI behind
# an intercepting proxy), the host's bundle at ca/ca-certificates.crt. Never commit the binary or the CA.
# Used as compose's `litellm` service: same entrypoint and arguments as the official image.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

ARG LITELLM_VERSION=1.61.20
# Space-separated overrides that win over LiteLLM's own requirements (uv --override), e.g.
# "uvicorn==0.32.1 httpx==0.27.2"; PIP_PINS is their old name, still honoured.
ARG OVERRIDES=""
ARG PIP_PINS=""
# Resolve dependencies as published by this day (YYYY-MM-DD, release or today); empty for the lab's
# default: the release's committed lock, else its day, else today.
ARG RESOLVE_AS_OF=""

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && groupadd --gid 10001 litellm \
 && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/litellm \
      --shell /usr/sbin/nologin litellm

COPY . /tmp/build/
# The lab's own installer (the static `lab` binary in the context) installs LiteLLM by the same rules as
# the native runner: uv, overrides, resolution day, refused releases. PyPI behind an intercepting proxy
# needs the host's CA bundle, handed to pip (and through it to uv) for the build only. The overrides are
# split on blanks with globbing off (`pkg[extra]==1.0` is a word, not a pattern) into the positional
# parameters, sh's one array; the installer's own exit status ends the build.
RUN set -euf; \
    if [ -f /tmp/build/ca/ca-certificates.crt ]; then export PIP_CERT=/tmp/build/ca/ca-certificates.crt; fi; \
    set --; \
    for p in $OVERRIDES $PIP_PINS; do set -- "$@" --pip "$p"; done; \
    if [ -n "$RESOLVE_AS_OF" ]; then set -- "$@" --resolve-as-of "$RESOLVE_AS_OF"; fi; \
    status=0; \
    LAB_CACHE_DIR=/tmp/lab-cache LAB_LOCKS_DIR=/tmp/build/locks /tmp/build/bin/lab install-litellm \
      --litellm-version "$LITELLM_VERSION" --into /opt/litellm "$@" --log /tmp/lab-install.log || status=$?; \
    if [ "$status" != 0 ]; then tail -n 40 /tmp/lab-install.log; exit "$status"; fi; \
    rm -rf /tmp/build /tmp/lab-cache /tmp/lab-install.log /root/.cache

ENV PATH=/opt/litellm/bin:$PATH \
    LITELLM_LOCAL_MODEL_COST_MAP=True \
    PYTHONUNBUFFERED=1
LABEL org.opencontainers.image.title="LiteLLM proxy ${LITELLM_VERSION} (leak lab build)" \
      io.leaklab.litellm-version="${LITELLM_VERSION}" \
      io.leaklab.overrides="${OVERRIDES} ${PIP_PINS}" \
      io.leaklab.resolve-as-of="${RESOLVE_AS_OF}"

USER litellm
WORKDIR /app
EXPOSE 4000
HEALTHCHECK --interval=2s --timeout=3s --start-period=5s --retries=30 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:4000/health/liveliness', timeout=2)"]
ENTRYPOINT ["litellm"]
CMD ["--port", "4000"]
