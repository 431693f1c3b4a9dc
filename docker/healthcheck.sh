#!/bin/bash
# Container health = the service's readiness group (models loaded and warmed up). Plain bash /dev/tcp,
# because a minimal image has neither curl nor wget, and starting a second JVM per probe is too heavy.
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 5 _ status _ <&3
[ "$status" = 200 ]
