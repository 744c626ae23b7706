#!/usr/bin/env bash
# Measures the Pass numérique's redemptions through the HTTP API of a real
# « maillage serve » (tools/passload): sustained redemptions per second and
# p50/p90/p99 latency, then the ledger's invariants (pass verifier, one
# redemption per 201 answer, their sum). Targets: ≥ 500/s on SQLite,
# ≥ 1 000/s on PostgreSQL, p99 ≤ 50 ms.
#   scripts/bench-pass.sh                      # SQLite, a new file
#   DB=$(.ci/start-postgres 55440 --durable) scripts/bench-pass.sh   # PostgreSQL (an empty database)
#   N=20000 CLIENTS=32 LIEUX=10 scripts/bench-pass.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/maillage-pass.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/maillage" ./cmd/maillage
go build -o "$work/passload" ./tools/passload
export MAILLAGE_AUDIT_KEY=${MAILLAGE_AUDIT_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export MAILLAGE_AUDIT_CHECKPOINTS="$work/points"
echo "== $(date -u +%FT%TZ), charge : $(uptime | sed 's/.*load average: //')"
"$work/passload" -maillage "$work/maillage" -db "${DB:-sqlite:$work/pass.db}" \
  -pass "${N:-20000}" -clients "${CLIENTS:-32}" -lieux "${LIEUX:-10}"
echo "== charge après : $(uptime | sed 's/.*load average: //')"
