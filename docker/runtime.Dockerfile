# The lab's runtime image from binaries already built on the host, for engines that cannot pull
# the Swift image (docker/lab.Dockerfile is the same image built from source).
#
#   swift build -c release --static-swift-stdlib
#   docker/build-images.sh --bin-dir .build/release     (prepares the context, then builds this)
#
# The context holds bin/ with the four static binaries. The runtime stage below is kept
# identical to the one in docker/lab.Dockerfile.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# The static Swift binaries need only libc, libstdc++, libgcc_s and zlib: all in the base.
RUN groupadd --gid 10001 lab \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin lab \
 && mkdir -p /lab && chown lab:lab /lab
COPY bin/fake-backend bin/load-client bin/collector bin/lab /usr/local/bin/
USER lab
WORKDIR /lab
EXPOSE 5001
CMD ["fake-backend", "--host", "0.0.0.0", "--port", "5001"]
