#!/usr/bin/env bash
# Measures `maillage import` and `maillage export` of 100 000 generated
# records: wall time and peak memory (RSS), on SQLite and, when
# MAILLAGE_BENCH_POSTGRES_URL is set, on PostgreSQL.
#   scripts/bench-import.sh            (make bench-import)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
work=$(mktemp -d /tmp/maillage-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/maillage" ./cmd/maillage
go run ./tools/genlieux -n "$N" > "$work/lieux.csv"
echo "fichier : $N lieux, $(du -h "$work/lieux.csv" | cut -f1)"

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-34s %6.2f s   %5d Mo RSS\n' "$label" "$secs" $((kb / 1024))
}

cd "$work"
measure "import SQLite (base vide)" ./maillage import --db sqlite:bench.db --rapport r1.txt lieux.csv
measure "import SQLite (réimport inchangé)" ./maillage import --db sqlite:bench.db --rapport r2.txt lieux.csv
measure "export SQLite CSV" ./maillage export --db sqlite:bench.db --format csv -o e.csv
measure "export SQLite JSON" ./maillage export --db sqlite:bench.db --format json -o e.json
measure "export SQLite GeoJSON" ./maillage export --db sqlite:bench.db --format geojson -o e.geojson
if [ -n "${MAILLAGE_BENCH_POSTGRES_URL:-}" ]; then
  # a fresh schema, so that the first import starts from an empty registry
  schema="bench_$(date +%s)"
  psql -q "$MAILLAGE_BENCH_POSTGRES_URL" -c "CREATE SCHEMA $schema"
  case "$MAILLAGE_BENCH_POSTGRES_URL" in *\?*) sep='&' ;; *) sep='?' ;; esac
  MAILLAGE_BENCH_POSTGRES_URL="$MAILLAGE_BENCH_POSTGRES_URL${sep}search_path=$schema"
  # PostgreSQL needs the audit journal's key and checkpoint folder given (README).
  ./maillage audit cle "$work/pg-audit.key" >/dev/null
  export MAILLAGE_AUDIT_KEY_FILE="$work/pg-audit.key" MAILLAGE_AUDIT_CHECKPOINTS="$work/points-de-controle"
  measure "import PostgreSQL (base vide)" ./maillage import --db "$MAILLAGE_BENCH_POSTGRES_URL" --rapport r3.txt lieux.csv
  measure "import PostgreSQL (réimport)" ./maillage import --db "$MAILLAGE_BENCH_POSTGRES_URL" --rapport r4.txt lieux.csv
  measure "export PostgreSQL CSV" ./maillage export --db "$MAILLAGE_BENCH_POSTGRES_URL" --format csv -o ep.csv
fi
