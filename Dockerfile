# fastimage service image.
#
#   docker build --network host -t fastimage .                        # builds the jar from source (Maven Central)
#   docker build --network host --build-arg PREBUILT_JAR=true -t fastimage .   # uses target/fastimage.jar
#   docker build --network host --build-arg PYTORCH_FLAVOR=cu124 -t fastimage:gpu .   # GPU image (mvn -Pgpu)
#
# Every base image is a build argument: where no registry is reachable, pass locally built ones
# (see .ci/docker-setup.sh). The build image needs a JDK 17 and Maven; the runtime image a JRE 17
# and, for speed, Debian's libjemalloc2 (installed here with apt-get when the base lacks it).
# Only the builder that every engine has is assumed (no BuildKit-only syntax), and each stage
# runs whichever way the jar is obtained, so the classic builder, which builds every stage, works too.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# ---- build: the application jar, and the PyTorch natives unpacked into a fixed cache -------------
FROM ${BUILD_IMAGE} AS build
# true: take target/fastimage.jar from the build context instead of running Maven.
ARG PREBUILT_JAR=false
# cpu: the CPU natives inside the jar. cu124: the jar of the Maven `gpu` profile, which bundles Maven
# Central's CUDA 12.4 natives (PyTorch 2.5.1, DJL 0.33) and the CPU natives of the same PyTorch after them
# (see docs/deployment.md, "GPU image").
ARG PYTORCH_FLAVOR=cpu
WORKDIR /src
COPY . /src
RUN set -eu; \
    case "$PYTORCH_FLAVOR" in cpu) profile= ;; cu124) profile=-Pgpu ;; \
      *) echo "PYTORCH_FLAVOR must be cpu or cu124, not $PYTORCH_FLAVOR" >&2; exit 1 ;; esac; \
    if [ "$PREBUILT_JAR" = true ]; then \
      test -f target/fastimage.jar || { echo "PREBUILT_JAR=true but target/fastimage.jar is missing" >&2; exit 1; }; \
    else \
      mvn -B -ntp -Dmaven.test.skip=true $profile package; \
    fi; \
    mkdir -p /out /src/models; \
    cp target/fastimage.jar /out/fastimage.jar
# Unpack the natives now: starting the engine once writes them under DJL_CACHE_DIR. The build host has no
# GPU, so DJL unpacks the CPU build there; the CUDA build is unpacked by hand into the directory DJL 0.33
# looks in first (<version>-cu124-linux-x86_64, with the JNI library as <djl version>-libdjl_torch.so).
ENV DJL_CACHE_DIR=/opt/djl
RUN set -eu; \
    mkdir -p /tmp/app && cd /tmp/app && jar -xf /out/fastimage.jar BOOT-INF/lib; \
    java -Dai.djl.offline=true -cp '/tmp/app/BOOT-INF/lib/*' /src/docker/DjlNativeWarmup.java; \
    if [ "$PYTORCH_FLAVOR" = cu124 ]; then \
      natives=$(ls BOOT-INF/lib/pytorch-native-cu124-*.jar 2>/dev/null) \
        || { echo "PYTORCH_FLAVOR=cu124 but the jar was not built with mvn -Pgpu" >&2; exit 1; }; \
      mkdir -p cu124 && (cd cu124 && jar -xf "../$natives" && jar -xf ../BOOT-INF/lib/pytorch-jni-*.jar jnilib); \
      version=$(sed -n 's/^version=//p' cu124/native/lib/pytorch.properties); \
      djl=$(ls BOOT-INF/lib/pytorch-engine-*.jar | sed 's/.*pytorch-engine-\(.*\)\.jar/\1/'); \
      dir=/opt/djl/pytorch/$version-cu124-linux-x86_64; \
      mkdir -p "$dir" && mv cu124/pytorch/cu124/linux-x86_64/* "$dir"/; \
      mv cu124/jnilib/linux-x86_64/cu124/libdjl_torch.so "$dir/$djl-libdjl_torch.so"; \
    fi; \
    cd / && rm -rf /tmp/app /opt/djl/cache; \
    chmod -R a+rX,go-w /opt/djl

# ---- runtime --------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
RUN set -eu; \
    if [ ! -e /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ]; then \
      apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 fastimage; \
    useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin fastimage
WORKDIR /app
# Root-owned and read-only for the service: nothing is unpacked or written here at run time.
COPY --from=build /opt/djl /opt/djl
COPY --from=build /src/models /app/models
COPY --from=build /out/fastimage.jar /app/fastimage.jar
COPY docker/healthcheck.sh /app/healthcheck.sh
ENV PORT=8080 \
    FASTIMAGE_MODELS=/app/models \
    DJL_CACHE_DIR=/opt/djl \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=10 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dai.djl.offline=true"
USER 10001:10001
EXPOSE 8080
# start-period covers loading and warming the models; readiness is what "healthy" means here.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/app/fastimage.jar"]
