#!/usr/bin/env bash
# Longer runs of the differential test (src/test/java/io/vigil/difftest): random command streams
# sent to Redis and, through Vigil, to an identical Redis; every reply and the final data compared.
#
#   bench/difftest.sh [COMMANDS] [SEED] [CLIENTS]
#
# COMMANDS is the budget for the single-Redis pool (the sharded and Sentinel pools get a third
# each); default 10^7. SEED defaults to the current time, so every run explores new streams; a
# failing run prints the seed and a shrunk stream to replay. CI runs the same test with 10^6.
# Netty's leak detector runs at "simple" here (sampled) instead of CI's "paranoid", for speed;
# VIGIL_LEAK_LEVEL=paranoid restores it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
commands="${1:-10000000}"
seed="${2:-$(date +%s)}"
clients="${3:-8}"
echo "difftest: $commands commands, seed $seed, $clients clients" >&2
exec mvn -B -q -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
    -Dit.test='DifferentialIT' -Ddifftest.commands="$commands" -Ddifftest.seed="$seed" -Ddifftest.clients="$clients" \
    "-Dit.argLine=-Xmx2g -XX:MaxDirectMemorySize=2g -Dio.netty.leakDetection.level=${VIGIL_LEAK_LEVEL:-simple}" \
    verify
