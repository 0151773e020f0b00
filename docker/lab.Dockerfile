# The lab's images for users: build the Swift executables in the official Swift image, run them in
# a slim Debian. Context: the repository root.
#
#   docker build -f docker/lab.Dockerfile -t leaklab/lab:latest .
#
# Where no image can be pulled, build the same runtime stage from host-built binaries:
# docker/runtime.Dockerfile (docker/build-images.sh).
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# No package dependencies: nothing to resolve. Tests/ too, since the manifest names test targets.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
 && mkdir -p /out/bin \
 && for exe in fake-backend load-client collector lab; do \
      install -m 0755 "$(swift build -c release --show-bin-path)/$exe" /out/bin/ \
      && strip /out/bin/$exe; \
    done

# Runtime stage: keep identical to docker/runtime.Dockerfile (only the COPY source differs).
FROM ${BASE_IMAGE}

# The static Swift binaries need only libc, libstdc++, libgcc_s and zlib: all in the base.
RUN groupadd --gid 10001 lab \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin lab \
 && mkdir -p /lab && chown lab:lab /lab
COPY --from=build /out/bin/fake-backend /out/bin/load-client /out/bin/collector /out/bin/lab /usr/local/bin/
USER lab
WORKDIR /lab
EXPOSE 5001
CMD ["fake-backend", "--host", "0.0.0.0", "--port", "5001"]
