#!/usr/bin/env bash
# Prepares a Docker engine for the deployment tests on a fresh Debian machine (called by .ci/run):
#  1. installs docker.io, debootstrap and docker-compose when missing;
#  2. starts dockerd without a bridge (tests talk to containers over loopback with host networking);
#  3. builds the local base images the Dockerfile's FROM arguments point at, because no registry is
#     reachable: one JDK + Maven image for the build stage, one JRE + jemalloc image for the runtime.
# Every step prints its duration; any failure stops CI with a message.
set -euo pipefail

log() { printf '[docker-setup] %s\n' "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }
timed() {
  local label=$1; shift
  local start=$SECONDS
  "$@"
  log "$label took $((SECONDS - start)) s"
}

BUILD_IMAGE=${FASTIMAGE_BUILD_IMAGE:-local/fastimage-build:bookworm}
RUNTIME_IMAGE=${FASTIMAGE_RUNTIME_IMAGE:-local/fastimage-runtime:bookworm}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/fastimage-dockerd.log}
ROOTFS_WORK=${ROOTFS_WORK:-/var/tmp/fastimage-rootfs}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "dockerd already answers"
    return
  fi
  log "starting dockerd (log: $DOCKERD_LOG)"
  # No bridge and no iptables: the machine forbids traffic to private ranges, so containers use the
  # host network and the tests reach them on localhost.
  nohup dockerd --bridge=none --iptables=false >"$DOCKERD_LOG" 2>&1 &
  local waited=0
  until docker info >/dev/null 2>&1; do
    sleep 1
    waited=$((waited + 1))
    if [ $waited -ge 60 ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      fail "dockerd did not answer within 60 s"
    fi
  done
}

# The Debian mirror this machine's apt already uses (deb822 sources first, then the one-line format).
debian_mirror() {
  local mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# build_base_image IMAGE PACKAGES: a minimal Debian bookworm root file system imported as IMAGE,
# skipped when IMAGE already exists.
build_base_image() {
  local image=$1 packages=$2
  if docker image inspect "$image" >/dev/null 2>&1; then
    log "$image already present"
    return
  fi
  local root="$ROOTFS_WORK/${image//[\/:]/_}"
  rm -rf "$root"
  mkdir -p "$root"
  # debootstrap copies this machine's /etc/resolv.conf into the root file system; keep it: the classic
  # builder's RUN steps with --network host resolve names with the image's own copy.
  timed "debootstrap for $image" \
    debootstrap --variant=minbase --include="$packages" bookworm "$root" "$(debian_mirror)" >/dev/null
  # Package lists and caches are not needed inside an image.
  # The build stage downloads from Maven Central: let its JDK trust what this machine's JDK trusts
  # (a TLS-intercepting egress proxy's CA, where there is one).
  if [ "$image" = "$BUILD_IMAGE" ] && [ -f /etc/ssl/certs/java/cacerts ]; then
    cp /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc \
    "$root"/usr/share/man "$root"/usr/share/locale
  timed "import of $image" sh -c "tar -C '$root' -c . | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD [\"/bin/bash\"]' - '$image' >/dev/null"
  rm -rf "$root"
}

[ "$(id -u)" = 0 ] || fail "must run as root (installs packages and starts dockerd)"
timed "package installation" install_packages
timed "dockerd start" start_dockerd
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null \
  || fail "neither 'docker compose' nor 'docker-compose' is available"
# Build stage: a JDK and Maven. Runtime: a headless JRE and jemalloc (libtorch brings its own libgomp).
build_base_image "$BUILD_IMAGE" openjdk-17-jdk-headless,maven
build_base_image "$RUNTIME_IMAGE" openjdk-17-jre-headless,libjemalloc2
log "base images ready: $BUILD_IMAGE $RUNTIME_IMAGE"
