#!/bin/sh
# bench.sh - the `make bench` harness: generates a 10-million-row synthetic release (once, kept
# in DATA_DIR), then times `wc -l` and `reidrisk audit` on it under /usr/bin/time -v and prints
# wall time, rows/s, peak RSS, file size, the audit/wc -l time ratio, the peak-RSS/file-size
# ratio and the machine; then the same audit with --population none, and the share of the
# audit's wall time the population model takes (target: at most 50% added).  Usage: bench.sh REIDRISK DATA_DIR [TABLES_DIR]
# Environment: BENCH_ROWS (default 10000000), BENCH_SEED (default 1).
set -eu
export LC_ALL=C
REIDRISK=${1:?usage: bench.sh REIDRISK DATA_DIR [TABLES_DIR]}
DIR=${2:?usage: bench.sh REIDRISK DATA_DIR [TABLES_DIR]}
TABLES=${3:-}
ROWS=${BENCH_ROWS:-10000000}
SEED=${BENCH_SEED:-1}
RELEASE=$DIR/release-$ROWS-seed$SEED.csv

need_time () {
  [ -x /usr/bin/time ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing GNU time (apt-get install time)" >&2
    apt-get install -y -q time >/dev/null
  fi
  [ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
}

# measure NAME CMD...: runs CMD under /usr/bin/time -v; stdout, stderr and the timing go to
# DIR/NAME.{out,err,time}.  Returns CMD's exit status.
measure () {
  name=$1; shift
  st=0
  /usr/bin/time -v -o "$DIR/$name.time" "$@" >"$DIR/$name.out" 2>"$DIR/$name.err" || st=$?
  return $st
}

# wall NAME: elapsed seconds; rss NAME: peak resident set size in kB.
wall () {
  sed -n 's/.*Elapsed (wall clock) time.*: //p' "$DIR/$1.time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
rss () { sed -n 's/.*Maximum resident set size (kbytes): //p' "$DIR/$1.time"; }

# report NAME LABEL: one line of figures.
report () {
  w=$(wall "$1"); r=$(rss "$1")
  awk -v l="$2" -v w="$w" -v r="$r" -v n="$ROWS" 'BEGIN {
    printf "%-8s wall %8.2f s   %12.0f rows/s   peak RSS %9.1f MB\n", l, w, (w > 0 ? n / w : 0), r / 1024 }'
}

need_time
mkdir -p "$DIR"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr)"

if [ ! -s "$RELEASE" ]; then
  echo "bench: generating $RELEASE ($ROWS rows, seed $SEED)" >&2
  set -- "$REIDRISK" synth --rows "$ROWS" --seed "$SEED" --output "$RELEASE"
  [ -n "$TABLES" ] && set -- "$@" --data-dir "$TABLES"
  measure synth "$@" || { cat "$DIR/synth.err" >&2; exit 2; }
fi
bytes=$(wc -c < "$RELEASE")
echo "release: $RELEASE, $ROWS rows, $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB)"
[ -s "$DIR/synth.time" ] && report synth "synth"

measure wc wc -l "$RELEASE"
lines=$(cut -d' ' -f1 "$DIR/wc.out")
[ "$lines" -eq $((ROWS + 1)) ] || { echo "bench: $RELEASE has $lines lines, not $((ROWS + 1))" >&2; exit 2; }
report wc "wc -l"

st=0
export G_MESSAGES_DEBUG=all # the population model's own time, on stderr
measure audit "$REIDRISK" audit "$RELEASE" --person pseudonym \
  --qi postcode,date_of_birth:date,sex:sex,ethnicity:category,diagnosis:category \
  --as-of 2021-01-01 --quiet --xml "$DIR/audit.xml" || st=$?
if [ "$st" -gt 1 ]; then
  echo "bench: reidrisk audit failed (exit status $st):" >&2
  cat "$DIR/audit.err" >&2
  exit 1
fi
unset G_MESSAGES_DEBUG
report audit "audit"
awk -v a="$(wall audit)" -v w="$(wall wc)" -v r="$(rss audit)" -v b="$bytes" 'BEGIN {
  printf "ratio audit / wc -l wall time: %.1f\n", (w > 0 ? a / w : 0)
  printf "ratio audit peak RSS / file size: %.2f\n", r * 1024 / b }'

# The same audit without the population model (--population none): what the model adds.
st=0
measure audit-nopop "$REIDRISK" audit "$RELEASE" --person pseudonym \
  --qi postcode,date_of_birth:date,sex:sex,ethnicity:category,diagnosis:category \
  --as-of 2021-01-01 --quiet --population none --xml "$DIR/audit-nopop.xml" || st=$?
if [ "$st" -gt 1 ]; then
  echo "bench: reidrisk audit --population none failed (exit status $st):" >&2
  cat "$DIR/audit-nopop.err" >&2
  exit 1
fi
report audit-nopop "no-pop"
own=$(sed -n 's/.*population model: \([0-9.]*\) s.*/\1/p' "$DIR/audit.err" | head -n 1)
echo "population model's own time (tables loaded, F, risks, sample-only models): ${own:-?} s"
awk -v a="$(wall audit)" -v b="$(wall audit-nopop)" 'BEGIN {
  printf "population model adds: %.2f s, %.0f%% of the audit without it (target: at most 50%%)\n",
         a - b, (b > 0 ? 100 * (a - b) / b : 0) }'
