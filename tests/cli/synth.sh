# synth.sh - end to end for `reidrisk synth`: determinism by seed, the seed on stderr, stdout
# and file output, gzip equal to plain, --rows, --columns, the shipped example is reproduced
# byte for byte by the command in data/examples/README.md, every postcode is format-valid, the
# audit counts exactly the persons synth moved, and each usage error exits 2 with one line.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
T=$TOP_SRCDIR/data/england
S="$REIDRISK synth --data-dir $T"

run_status $S --persons 300 --seed 42
expect_eq "status" "$status" 0
expect_eq "seed on stderr" "$(head -n 1 "$TMP/err")" "reidrisk synth: seed 42"
expect_eq "header" "$(head -n 1 "$TMP/out")" "pseudonym,postcode,date_of_birth,sex,ethnicity,diagnosis,episode_date"
expect_eq "persons" "$(tail -n +2 "$TMP/out" | cut -d, -f1 | uniq | wc -l)" 300
expect_eq "pseudonyms unique and consecutive" "$(tail -n +2 "$TMP/out" | cut -d, -f1 | uniq | sort | uniq -d | wc -l)" 0
mv "$TMP/out" "$TMP/stdout.csv"

$S -q --persons 300 --seed 42 --output "$TMP/a.csv"
cmp -s "$TMP/stdout.csv" "$TMP/a.csv" && ok || fail "--output differs from stdout"
$S -q --persons 300 --seed 42 --output "$TMP/b.csv"
cmp -s "$TMP/a.csv" "$TMP/b.csv" && ok || fail "same seed, different bytes"
$S -q --persons 300 --seed 43 --output "$TMP/c.csv"
cmp -s "$TMP/a.csv" "$TMP/c.csv" && fail "seeds 42 and 43 give the same file" || ok

$S -q --persons 300 --seed 42 --output "$TMP/a.csv.gz"
gzip -t "$TMP/a.csv.gz" && ok || fail "gzip output is not valid gzip"
gzip -dc "$TMP/a.csv.gz" | cmp -s - "$TMP/a.csv" && ok || fail "gzip output inflates to other bytes"

$S -q --rows 1234 --output "$TMP/r.csv"
expect_eq "--rows" "$(wc -l < "$TMP/r.csv")" 1235

$S -q --persons 5 --columns sex,postcode --output "$TMP/cols.csv"
expect_eq "--columns header" "$(head -n 1 "$TMP/cols.csv")" "sex,postcode"
expect_eq "--columns rows" "$(tail -n +2 "$TMP/cols.csv" | grep -Evc '^[MF],[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$')" 0

# The shipped example is exactly what its README's command makes (run from the source tree).
E=$TOP_SRCDIR/data/examples
cmd=$(sed -n 's/^    \(reidrisk synth .*\)$/\1/p' "$E/README.md")
[ -n "$cmd" ] && ok || fail "no synth command in data/examples/README.md"
(cd "$TMP" && eval "\"$REIDRISK\" ${cmd#reidrisk } --data-dir \"$T\" -q --output regenerated.csv")
cmp -s "$E/example.csv" "$TMP/regenerated.csv" && ok || fail "data/examples/example.csv is not what its README's command makes"
bad=$(tail -n +2 "$E/example.csv" | cut -d, -f2 | grep -Evc '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$' || true)
expect_eq "example postcodes failing the format" "$bad" 0

# The audit finds exactly the persons whose postcode synth changed.
run_status $S --persons 2000 --seed 8 --inconsistent 0.1 --output "$TMP/m.csv"
movers=$(sed -n 's/.* persons, \([0-9]*\) with a second postcode$/\1/p' "$TMP/err")
run_status "$REIDRISK" audit "$TMP/m.csv" --person pseudonym --qi postcode --quiet --xml "$TMP/m.xml"
expect_eq "audit status" "$status" 0
expect_xpath "$TMP/m.xml" "/reidrisk/input/@inconsistent-persons" "$movers"
expect_xpath "$TMP/m.xml" "/reidrisk/input/@persons" 2000

expect_error "--persons" $S --persons 0
expect_error "--persons or --rows, not both" $S --persons 3 --rows 3
expect_error "--inconsistent must be a number between 0 and 1" $S --inconsistent 2
expect_error "--inconsistent must be between 0 and 1 - 1/mean-rows" $S --inconsistent 0.7
expect_error "--mean-rows" $S --mean-rows 0.5
expect_error "--as-of must be a valid YYYY-MM-DD date" $S --as-of 2021-02-30
expect_error "'age' is not a column" $S --columns sex,age
expect_error "synth takes no arguments" $S extra.csv
expect_error "england_census2021_ethnic_group_by_region.csv" "$REIDRISK" synth --data-dir "$TMP/nowhere"
expect_error "/nonexistent/x.csv: cannot create output" $S --output /nonexistent/x.csv
finish
