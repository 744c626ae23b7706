#!/usr/bin/env bash
# Measures `maillage moissonner --toutes` over 5 declared sources of
# 20 000 generated records each (100 000 in all): the first harvest, a
# re-harvest of the unchanged sources (target ≤ 2 s), once with the files
# served over loopback HTTP (the server answers 304 to If-Modified-Since)
# and once as local files (skipped by their SHA-256).
#   scripts/bench-harvest.sh            (make bench-harvest)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
work=$(mktemp -d /tmp/maillage-bench-moisson.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/maillage" ./cmd/maillage
mkdir -p "$work/www"
for i in 1 2 3 4 5; do
  go run ./tools/genlieux -n "$N" -seed "$i" > "$work/www/source-$i.csv"
done
echo "sources : 5 × $N lieux, $(du -ch "$work"/www/*.csv | tail -1 | cut -f1)"
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
sleep 1

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || { cat "$work/err" "$work/out" | tail -20; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-46s %6.2f s   %5d Mo RSS\n' "$label" "$secs" $((kb / 1024))
}

cd "$work"
for i in 1 2 3 4 5; do
  ./maillage sources ajouter --db sqlite:http.db "http-$i" --type standard --url "http://127.0.0.1:$port/source-$i.csv" >/dev/null
  ./maillage sources ajouter --db sqlite:fichiers.db "fichier-$i" --type standard --url "www/source-$i.csv" >/dev/null
done
measure "HTTP : première moisson (100 000 lieux)" ./maillage moissonner --db sqlite:http.db --toutes
measure "HTTP : sources inchangées (304)" ./maillage moissonner --db sqlite:http.db --toutes
grep -c "inchangée" out | sed 's/^/  sources inchangées : /'
measure "fichiers : première moisson (100 000 lieux)" ./maillage moissonner --db sqlite:fichiers.db --toutes
measure "fichiers : sources inchangées (empreinte)" ./maillage moissonner --db sqlite:fichiers.db --toutes
grep -c "inchangée" out | sed 's/^/  sources inchangées : /'
