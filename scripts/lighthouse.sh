#!/usr/bin/env bash
# Lighthouse (mobile, the default simulated throttling) on the results page
# with its map: accessibility score and Largest Contentful Paint, the median
# of RUNS runs (targets: accessibility 1.0, LCP ≤ 1.5 s).
# 100 000 generated places; the map tiles come from a fake tile server on
# loopback (scripts/lighthouse/tiles.js): nothing leaves the machine.
#   scripts/lighthouse.sh            # RUNS=5 N=100000 by default; KEEP=dir keeps the reports
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
RUNS=${RUNS:-5}
PORT=${PORT:-18090}
TILES=${TILES:-18091}
PAGE=${PAGE:-/recherche?ou=Toulouse&lat=43.6045&lon=1.444}
CHROME=${CHROME:-/usr/bin/chromium}
work=$(mktemp -d /tmp/maillage-lighthouse.XXXXXX)
pids=()
# The server writes its journal at shutdown: wait for every process to exit
# before removing the directory it writes in.
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ -f node_modules/.installe ] || { npm ci --no-audit --no-fund >/dev/null && touch node_modules/.installe; }
[ -x scripts/lighthouse/node_modules/.bin/lighthouse ] || npm ci --prefix scripts/lighthouse --no-audit --no-fund >/dev/null
go build -o "$work/maillage" ./cmd/maillage
go run ./tools/genlieux -n "$N" > "$work/lieux.csv"
db="sqlite:$work/lh.db"
"$work/maillage" territoires import --db "$db" --centres aucun >/dev/null
"$work/maillage" import --db "$db" --rapport "$work/r.txt" "$work/lieux.csv" >/dev/null
node scripts/lighthouse/tiles.js "$TILES" &
pids+=($!)
"$work/maillage" serve --db "$db" --addr "127.0.0.1:$PORT" --geocodeur aucun \
  --tuiles "http://127.0.0.1:$TILES/{z}/{x}/{y}.png" >/dev/null 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for i in $(seq "$RUNS"); do
  CHROME_PATH="$CHROME" scripts/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$PAGE" \
    --only-categories=accessibility,performance --output=json --output-path="$work/run-$i.json" \
    --chrome-flags="$flags --user-data-dir=$work/profile-$i" --quiet
done
[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$work"/run-*.json "$KEEP"/
node - "$work" "$RUNS" <<'JS'
const fs = require('fs');
const [dir, runs] = [process.argv[2], +process.argv[3]];
const rs = [];
for (let i = 1; i <= runs; i++) rs.push(JSON.parse(fs.readFileSync(`${dir}/run-${i}.json`, 'utf8')));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const a11y = rs.map((r) => r.categories.accessibility.score);
const lcp = rs.map((r) => r.audits['largest-contentful-paint'].numericValue);
const fcp = rs.map((r) => r.audits['first-contentful-paint'].numericValue);
const perf = rs.map((r) => r.categories.performance.score);
const tbt = rs.map((r) => r.audits['total-blocking-time'].numericValue);
const cls = rs.map((r) => r.audits['cumulative-layout-shift'].numericValue);
console.log(`Lighthouse ${rs[0].lighthouseVersion}, ${rs[0].configSettings.formFactor}, ${runs} runs: ${rs[0].finalDisplayedUrl}`);
console.log(`accessibility     : ${a11y.join(' ')} (median ${med(a11y)})`);
console.log(`LCP (ms)          : ${lcp.map(Math.round).join(' ')} (median ${Math.round(med(lcp))})`);
console.log(`FCP (ms)          : ${fcp.map(Math.round).join(' ')} (median ${Math.round(med(fcp))})`);
console.log(`TBT (ms)          : ${tbt.map(Math.round).join(' ')} (median ${Math.round(med(tbt))})`);
console.log(`CLS               : ${cls.map((x) => x.toFixed(3)).join(' ')} (median ${med(cls).toFixed(3)})`);
console.log(`performance score : ${perf.join(' ')} (median ${med(perf)})`);
for (const r of rs) {
  for (const ref of r.categories.accessibility.auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) {
      const items = (a.details && a.details.items || []).map((it) => it.node && (it.node.selector || it.node.snippet)).filter(Boolean);
      console.log(`  ✗ ${a.id}: ${a.title} — ${items.slice(0, 5).join(' | ')}`);
    }
  }
  const el = r.audits['largest-contentful-paint-element'];
  const item = el && el.details && el.details.items && el.details.items[0];
  const node = item && (item.node || (item.items && item.items[0] && item.items[0].node));
  if (node) console.log(`  LCP element: ${node.selector || ''} ${node.snippet || ''}`.slice(0, 200));
}
JS
