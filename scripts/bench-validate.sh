#!/usr/bin/env bash
# Compares `maillage validate` with the ANCT model library
# (@gouvfr-anct/lieux-de-mediation-numerique, the library the national tools
# use) on the same generated file of 100 000 records: read + parse + validate,
# each side as a whole process, run alternately, best of RUNS.
#   scripts/bench-validate.sh          (N=100000 RUNS=3)
# Needs node and the library (a devDependency: npm ci, or npm install
# --no-save @gouvfr-anct/lieux-de-mediation-numerique).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
RUNS=${RUNS:-3}
if ! node -e "require('@gouvfr-anct/lieux-de-mediation-numerique')" 2>/dev/null; then
  echo "bibliothèque ANCT absente : npm ci (ou npm install --no-save @gouvfr-anct/lieux-de-mediation-numerique)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/maillage-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/maillage" ./cmd/maillage
go run ./tools/genlieux -n "$N" > "$work/lieux.csv"
echo "fichier : $N lieux, $(du -h "$work/lieux.csv" | cut -f1) ; $(nproc) cœurs ; charge : $(cut -d' ' -f1-3 /proc/loadavg)"

best() { sort -n | head -1; }
nnbsp=$(printf '\342\200\257') # U+202F, maillage's thousands separator (internal/french)
declare -A wall cpu
for _ in $(seq "$RUNS"); do
  for side in maillage maillage-1 anct; do
    case $side in
      maillage) cmd=("$work/maillage" validate "$work/lieux.csv") ;;
      maillage-1) cmd=(env GOMAXPROCS=1 "$work/maillage" validate "$work/lieux.csv") ;; # one core, as Node
      anct) cmd=(node scripts/anct-validate.js "$work/lieux.csv") ;;
    esac
    /usr/bin/time -f "%e %U %S" -o "$work/time" "${cmd[@]}" > "$work/$side.out" 2> "$work/$side.err" || true
    read -r e u s < "$work/time"
    wall[$side]+="$e"$'\n'
    cpu[$side]+="$(echo "$u + $s" | bc)"$'\n'
  done
done
for side in maillage maillage-1 anct; do
  w=$(echo "${wall[$side]}" | grep . | best); c=$(echo "${cpu[$side]}" | grep . | best)
  printf '%-10s %6.2f s (temps écoulé)   %6.2f s (processeur)   %s\n' "$side" "$w" "$c" "$(cat "$work/$side.err" "$work/$side.out" | grep -oE "[0-9]+(${nnbsp}[0-9]{3})* lieux? lus.*" | head -1)"
  declare "w_${side/-/_}=$w" "c_${side/-/_}=$c"
done
printf 'rapport : %.1f× plus rapide (temps écoulé), %.1f× sur un cœur (temps écoulé), %.1f× (temps processeur, un cœur)\n' \
  "$(echo "$w_anct / $w_maillage" | bc -l)" "$(echo "$w_anct / $w_maillage_1" | bc -l)" "$(echo "$c_anct / $c_maillage_1" | bc -l)"
