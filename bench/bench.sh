#!/bin/sh
# bench.sh - the `make bench` harness: generates a 10-million-row synthetic release (once, kept
# in DATA_DIR), then times, under /usr/bin/time -v, `wc -l` and three audits of it on 5 QIs:
# issue 3's (--population none --no-scan --no-drivers), with the population model, and the
# default (the scan and what drives the risk too).  Prints wall time, rows/s and peak RSS of
# each (the median of BENCH_REPEAT runs, 3 by default; the default audit once), the audit/wc -l
# ratio (against wc -l timed over ten runs in a row), the peak-RSS/file-size ratio, what the
# population model adds, and the machine.
# Usage: bench.sh REIDRISK DATA_DIR [TABLES_DIR]
# Environment: BENCH_ROWS (default 10000000), BENCH_SEED (default 1), BENCH_REPEAT (3).
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

# measure NAME CMD...: runs CMD BENCH_REPEAT times (default 3) under /usr/bin/time -v; stdout,
# stderr and the timing of the run with the median wall time go to DIR/NAME.{out,err,time}
# (the host's own load moves single runs by 20% or more).  Returns CMD's exit status.
measure () {
  name=$1; shift
  st=0
  i=1
  while [ "$i" -le "${REPEAT:-${BENCH_REPEAT:-3}}" ]; do
    /usr/bin/time -v -o "$DIR/$name.time.$i" "$@" >"$DIR/$name.out.$i" 2>"$DIR/$name.err.$i" || st=$?
    echo "$(wall_of "$DIR/$name.time.$i") $i"
    i=$((i + 1))
  done > "$DIR/$name.walls"
  m=$(sort -n "$DIR/$name.walls" | awk '{ w[NR] = $2 } END { print w[int((NR + 1) / 2)] }')
  for ext in time out err; do mv "$DIR/$name.$ext.$m" "$DIR/$name.$ext"; rm -f "$DIR/$name.$ext".[0-9]*; done
  return $st
}

wall_of () {
  sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}

# wall NAME: elapsed seconds (the median run's); rss NAME: its peak resident set size in kB.
wall () { wall_of "$DIR/$1.time"; }
rss () { sed -n 's/.*Maximum resident set size (kbytes): //p' "$DIR/$1.time"; }

# report NAME LABEL: one line of figures.
report () {
  w=$(wall "$1"); r=$(rss "$1")
  awk -v l="$2" -v w="$w" -v r="$r" -v n="$ROWS" 'BEGIN {
    printf "%-8s wall %8.2f s   %12.0f rows/s   peak RSS %9.1f MB\n", l, w, (w > 0 ? n / w : 0), r / 1024 }'
  [ -s "$DIR/$1.walls" ] && echo "         (walls of the runs: $(cut -d' ' -f1 "$DIR/$1.walls" | tr '\n' ' '))"
  return 0
}

need_time
mkdir -p "$DIR"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr)"

if [ ! -s "$RELEASE" ]; then
  echo "bench: generating $RELEASE ($ROWS rows, seed $SEED)" >&2
  set -- "$REIDRISK" synth --rows "$ROWS" --seed "$SEED" --output "$RELEASE"
  [ -n "$TABLES" ] && set -- "$@" --data-dir "$TABLES"
  REPEAT=1 # once: the release is generated, not measured for a target
  measure synth "$@" || { cat "$DIR/synth.err" >&2; exit 2; }
  REPEAT=
fi
bytes=$(wc -c < "$RELEASE")
echo "release: $RELEASE, $ROWS rows, $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB)"
[ -s "$DIR/synth.time" ] && report synth "synth"

measure wc wc -l "$RELEASE"
lines=$(cut -d' ' -f1 "$DIR/wc.out")
[ "$lines" -eq $((ROWS + 1)) ] || { echo "bench: $RELEASE has $lines lines, not $((ROWS + 1))" >&2; exit 2; }
report wc "wc -l"
# One wc -l takes well under a tenth of a second, and GNU time's wall clock has a resolution of
# 10 ms (14% of 0.07 s): the ratios' denominator is timed over ten runs in a row, divided by ten.
measure wc10 sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do wc -l "$1" >/dev/null; done' sh "$RELEASE"
wc_wall=$(awk -v w="$(wall wc10)" 'BEGIN { printf "%.3f", w / 10 }')
walls10=$(cut -d' ' -f1 "$DIR/wc10.walls" | tr '\n' ' ')
echo "wc -l, ten runs in a row: $(wall wc10) s (runs: $walls10), $wc_wall s a run"

# audit NAME LABEL ARGS...: one audit of the release on the 5 QIs, exit status 0 or 1 accepted.
QIS=postcode,date_of_birth:date,sex:sex,ethnicity:category,diagnosis:category
audit () {
  name=$1; label=$2; shift 2
  st=0
  measure "$name" "$REIDRISK" audit "$RELEASE" --person pseudonym --qi "$QIS" \
    --as-of 2021-01-01 --quiet --xml "$DIR/$name.xml" "$@" || st=$?
  if [ "$st" -gt 1 ]; then
    echo "bench: reidrisk audit $* failed (exit status $st):" >&2
    cat "$DIR/$name.err" >&2
    exit 1
  fi
  report "$name" "$label"
}

# The audit of issue 3 (load, classes, prosecutor risk, reports): without the population model,
# the scan and what drives the risk, which later issues added to the default.
audit audit "audit" --population none --no-scan --no-drivers
awk -v a="$(wall audit)" -v w="$wc_wall" -v r="$(rss audit)" -v b="$bytes" 'BEGIN {
  printf "ratio audit / wc -l wall time (a run of ten): %.1f (target: 15)\n", (w > 0 ? a / w : 0)
  printf "ratio audit peak RSS / file size: %.2f (target: under 0.5)\n", r * 1024 / b }'

# The same with the population model (the default tables): what the model adds (issue 4).
export G_MESSAGES_DEBUG=all # the population model's own time, on stderr
audit audit-pop "+popul." --no-scan --no-drivers
unset G_MESSAGES_DEBUG
own=$(sed -n 's/.*population model: \([0-9.]*\) s.*/\1/p' "$DIR/audit-pop.err" | head -n 1)
echo "population model's own time (tables loaded, F, risks, sample-only models): ${own:-?} s"
awk -v a="$(wall audit-pop)" -v b="$(wall audit)" 'BEGIN {
  printf "population model adds: %.2f s, %.0f%% of the audit without it (target: at most 50%%)\n",
         a - b, (b > 0 ? 100 * (a - b) / b : 0) }'

# The default audit: the population model, the scan of every column (issue 6) and what drives
# the risk (issue 7).
REPEAT=1 # informational, and half a minute a run
audit audit-full "default"
REPEAT=
awk -v a="$(wall audit-full)" -v w="$wc_wall" 'BEGIN {
  printf "ratio default audit / wc -l wall time: %.1f\n", (w > 0 ? a / w : 0) }'
