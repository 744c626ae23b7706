#!/usr/bin/env bash
# Serves 100 000 generated places and measures, with wrk on loopback:
#   - the API: a filtered search within 10 km (target ≥ 3 000 requests/s, p99 ≤ 20 ms);
#   - the weight of the home page and of a results page with its map (gzip,
#     tiles excluded; targets 30 KB and 120 KB), beside the national
#     cartography client's bundle (npm @gouvfr-anct/cartographie-nationale).
#   scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
PORT=${PORT:-18080}
work=$(mktemp -d /tmp/maillage-http.XXXXXX)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk manque : apt-get install wrk" >&2; exit 1; }
[ -f node_modules/.installe ] || npm ci --no-audit --no-fund >/dev/null
go build -o "$work/maillage" ./cmd/maillage
go run ./tools/genlieux -n "$N" > "$work/lieux.csv"
db="sqlite:$work/bench.db"
"$work/maillage" territoires import --db "$db" --centres aucun >/dev/null
"$work/maillage" import --db "$db" --rapport "$work/r.txt" "$work/lieux.csv" >/dev/null
"$work/maillage" serve --db "$db" --addr "127.0.0.1:$PORT" --geocodeur aucun >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$PORT"
q='lat=43.6045&lon=1.444&rayon_km=10&services=Aide%20aux%20d%C3%A9marches%20administratives&frais_a_charge=Gratuit'
echo "== API : $N lieux, recherche filtrée dans 10 km (wrk -t1 -c8 -d20s)"
wrk -t1 -c8 -d20s --latency "$base/api/v1/lieux?$q" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors" || true
echo "== API : grappes de toute la France, zoom 6"
wrk -t1 -c8 -d10s --latency "$base/api/v1/clusters?bbox=-5.5,41,10,51.5&zoom=6" | grep -E "Requests/sec|50%|99%" || true

size() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$1"; }
echo "== Poids transférés (gzip)"
home=$(( $(size "$base/") + $(size "$base/static/maillage.css") + $(size "$base/static/maillage.js") ))
echo "accueil (HTML + CSS + JS)                  : $home octets"
results=$(size "$base/recherche?ou=Toulouse")
for a in /static/maillage.css /static/maillage.js /static/vendor/leaflet/leaflet.css /static/vendor/leaflet/leaflet.js \
         "/api/v1/clusters?bbox=1.2,43.4,1.7,43.8&zoom=12"; do
  results=$(( results + $(size "$base$a") ))
done
echo "résultats avec carte, hors tuiles          : $results octets"
if nat=$(cd "$work" && npm pack --silent @gouvfr-anct/cartographie-nationale@5.22.0 2>/dev/null); then
  tar xzf "$work/$nat" -C "$work"
  js=$(gzip -9c "$work/package/mediation-numerique.js" | wc -c)
  css=$(gzip -9c "$work/package/styles.css" | wc -c)
  echo "cartographie nationale 5.22.0 (JS + CSS)   : $((js + css)) octets (mediation-numerique.js $js + styles.css $css, hors polices et données)"
fi
