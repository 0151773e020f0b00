# The real LiteLLM proxy, installed from PyPI at a pinned version: for releases with no published
# image, for dependency pins, and for engines that cannot pull images.
#
#   docker build -f docker/litellm.Dockerfile -t leaklab/litellm:1.61.20 docker/
#   docker build -f docker/litellm.Dockerfile --build-arg LITELLM_VERSION=1.74.0 \
#     --build-arg OVERRIDES='uvicorn==0.32.1' --build-arg RESOLVE_AS_OF=2025-08-01 \
#     -t leaklab/litellm:1.74.0 docker/
#
# The build context is docker/ (or what docker/build-images.sh prepares). When pip must trust an
# extra CA (PyPI behind an intercepting proxy), put the bundle at ca/ca-certificates.crt in the
# context: docker/build-images.sh does that from the host's bundle. Never commit it.
# Used as compose's `litellm` service: same entrypoint and arguments as the official image.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

ARG LITELLM_VERSION=1.61.20
# Space-separated overrides that win over LiteLLM's own requirements (uv --override), e.g.
# "uvicorn==0.32.1 httpx==0.27.2"; PIP_PINS is their old name, still honoured.
ARG OVERRIDES=""
ARG PIP_PINS=""
# Resolve dependencies as published by this day (YYYY-MM-DD, uv --exclude-newer); empty for today.
ARG RESOLVE_AS_OF=""

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && groupadd --gid 10001 litellm \
 && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/litellm \
      --shell /usr/sbin/nologin litellm

COPY . /tmp/build/
RUN set -eu; \
    cert=""; [ -f /tmp/build/ca/ca-certificates.crt ] && cert="--cert /tmp/build/ca/ca-certificates.crt"; \
    overrides=""; for p in $OVERRIDES $PIP_PINS; do overrides="$overrides --override $p"; done; \
    asof=""; [ -n "$RESOLVE_AS_OF" ] && asof="--resolve-as-of $RESOLVE_AS_OF"; \
    python3 -m venv /opt/litellm; \
    /opt/litellm/bin/python /tmp/build/litellm-install.py "$LITELLM_VERSION" $cert $overrides $asof \
      --freeze /opt/litellm/pip-freeze.txt; \
    rm -rf /tmp/build /root/.cache

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
