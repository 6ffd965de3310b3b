#!/bin/sh
# attack.sh - the `make bench` figures of the linkage attacks (issue 5): 100 replicates of the
# insurer scenario on a 1-million-person synthetic release (target: 60 s), and `reidrisk link`
# of a 1-million-record file to it (target: 30 s).  The file links half its records to the
# release (the first 500,000 persons of the same seed, one row each) and half to nobody (500,000
# persons of another seed).  Files are generated once into DATA_DIR.  Prints wall time, CPU
# time and peak RSS of each under /usr/bin/time -v, and the machine.
# Usage: attack.sh REIDRISK DATA_DIR TABLES_DIR.  Environment: BENCH_PERSONS (default 1000000).
set -eu
export LC_ALL=C
REIDRISK=${1:?usage: attack.sh REIDRISK DATA_DIR TABLES_DIR}
DIR=${2:?usage: attack.sh REIDRISK DATA_DIR TABLES_DIR}
TABLES=${3:?usage: attack.sh REIDRISK DATA_DIR TABLES_DIR}
N=${BENCH_PERSONS:-1000000}
HALF=$((N / 2))
RELEASE=$DIR/attack-release-$N.csv
AUX=$DIR/attack-aux-$N.csv
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$DIR"

# one row per person, without the pseudonym: what someone holding names beside these facts has
first_rows () { awk -F, 'NR > 1 && $1 != prev { print $2 "," $3 "," $4 } { prev = $1 }'; }

if [ ! -s "$RELEASE" ]; then
  echo "bench: generating $RELEASE ($N persons, seed 1)" >&2
  "$REIDRISK" synth --persons "$N" --seed 1 --data-dir "$TABLES" -q --output "$RELEASE"
fi
if [ ! -s "$AUX" ]; then
  echo "bench: generating $AUX ($HALF persons of seed 1, $HALF of seed 2)" >&2
  { echo "postcode,date_of_birth,sex"
    "$REIDRISK" synth --persons "$HALF" --seed 1 --data-dir "$TABLES" -q \
      --columns pseudonym,postcode,date_of_birth,sex | first_rows
    "$REIDRISK" synth --persons "$HALF" --seed 2 --data-dir "$TABLES" -q \
      --columns pseudonym,postcode,date_of_birth,sex | first_rows
  } > "$AUX.tmp" && mv "$AUX.tmp" "$AUX"
fi

figures () {
  awk -v l="$1" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $NF } /System time/ { s = $NF }
    /Maximum resident set size/ { r = $NF }
    END { printf "%-34s wall %7.2f s   CPU %7.2f s   peak RSS %7.1f MB\n", l, w, u + s, r / 1024 }' "$2"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr)"
echo "release: $RELEASE ($(($(wc -l < "$RELEASE") - 1)) rows); aux: $AUX ($(($(wc -l < "$AUX") - 1)) records)"

/usr/bin/time -v -o "$DIR/attack.time" "$REIDRISK" audit "$RELEASE" --person pseudonym \
  --qi postcode:postcode,date_of_birth:date,sex:sex --as-of 2021-01-01 --attack insurer \
  --replicates 100 --seed 1 --population "$TABLES/population" --quiet --xml "$DIR/attack.xml" \
  > "$DIR/attack.out"
figures "audit --attack insurer (100 reps)" "$DIR/attack.time"
grep '^attack' "$DIR/attack.out"

/usr/bin/time -v -o "$DIR/link.time" "$REIDRISK" link "$RELEASE" "$AUX" --person pseudonym \
  --qi postcode:postcode,date_of_birth:date,sex:sex --as-of 2021-01-01 --quiet \
  --xml "$DIR/link.xml" > "$DIR/link.out"
figures "link 1M x 1M (probabilistic)" "$DIR/link.time"
cat "$DIR/link.out"
