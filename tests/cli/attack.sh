# attack.sh - `reidrisk audit --attack`: scenario files and library names, repeated; the XML
# attack elements (XPaths named by the issue) and their schema; a prosecutor attack whose result
# is worked by hand (tests/data/attack/README.md: 3 sample uniques of 10); the default seed,
# printed; identical XML whatever --threads; another seed, other figures; the HTML section with
# its chart and no person's values; and the errors, each one line with exit status 2.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/attack
POP=$TEST_DATA_DIR/population/tiny
LIB=$TOP_SRCDIR/data/scenarios
a () { "$REIDRISK" audit "$D/tiny.csv" --person pid --as-of 2020-06-30 \
  --qi postcode:postcode:district,date_of_birth:date,sex:sex --population "$POP" "$@"; }

cat > "$TMP/prosecutor.ini" <<'INI'
[scenario]
title = Knows everyone
target = prosecutor
[match]
[postcode]
precision = district
[date-of-birth]
[sex]
INI
cat > "$TMP/journalist.ini" <<'INI'
[scenario]
coverage = 0.6
[match]
accept = random
[postcode]
wrong = 0.2
wrong-source = made up for the test
[date-of-birth]
[sex]
INI

# Two attacks, in order; the prosecutor's unique rule finds the 3 sample uniques of 10 exactly.
run_status a --attack "$TMP/prosecutor.ini" --attack "$TMP/journalist.ini" --replicates 40 --xml "$TMP/a.xml"
expect_eq "status" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/a.xml" 2>/dev/null && ok || fail "schema"
expect_xpath "$TMP/a.xml" "count(/reidrisk/attack)" 2
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@name" prosecutor
expect_xpath "$TMP/a.xml" "/reidrisk/attack[2]/@name" journalist
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@replicates" 40
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@seed" 20140101
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@reidentified" 0.3
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@reidentified-low" 0.3
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@reidentified-high" 0.3
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@precision" 1
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/@false-matches" 0
expect_xpath "$TMP/a.xml" "count(/reidrisk/attack[1]/replicates/replicate)" 40
expect_xpath "$TMP/a.xml" "/reidrisk/attack[1]/combination[1]/@facts" "postcode date-of-birth sex"
for attr in reidentified reidentified-low reidentified-high precision false-matches; do
  v=$(xpath "$TMP/a.xml" "/reidrisk/attack[2]/@$attr")
  [ -n "$v" ] && ok || fail "journalist attack has no @$attr"
done
# the interval holds the mean
expect_xpath "$TMP/a.xml" "/reidrisk/attack[2]/@reidentified-low <= /reidrisk/attack[2]/@reidentified and /reidrisk/attack[2]/@reidentified <= /reidrisk/attack[2]/@reidentified-high" true
grep -q "seed 20140101 (the default" "$TMP/err" && ok || fail "default seed not printed: $(cat "$TMP/err")"
grep -q "^attack prosecutor: 30.00% re-identified" "$TMP/out" && ok || fail "stdout: $(cat "$TMP/out")"

# The same seed gives the same bytes on 1 and 2 threads; another seed gives other figures.
a --attack "$TMP/journalist.ini" --replicates 30 --seed 7 --threads 1 -q --xml "$TMP/t.xml" >/dev/null
cp "$TMP/t.xml" "$TMP/t1.xml"
a --attack "$TMP/journalist.ini" --replicates 30 --seed 7 --threads 2 -q --xml "$TMP/t.xml" >/dev/null
cmp -s "$TMP/t.xml" "$TMP/t1.xml" && ok || fail "XML differs between 1 and 2 threads"
expect_xpath "$TMP/t.xml" "/reidrisk/attack/@seed" 7
a --attack "$TMP/journalist.ini" --replicates 30 --seed 8 --threads 2 -q --xml "$TMP/t.xml" >/dev/null
cmp -s "$TMP/t.xml" "$TMP/t1.xml" && fail "--seed 8 gave the XML of --seed 7" || ok

# An attacker who holds almost no one claims nothing: precision is left out, the rest is 0.
sed 's/^target = prosecutor/target = prosecutor\ncoverage = 0.000001/' "$TMP/prosecutor.ini" > "$TMP/none.ini"
run_status a --attack "$TMP/none.ini" --replicates 5 -q --xml "$TMP/n.xml"
expect_eq "status (no claims)" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/n.xml" 2>/dev/null && ok || fail "schema (no claims)"
expect_xpath "$TMP/n.xml" "count(/reidrisk/attack/@precision)" 0
expect_xpath "$TMP/n.xml" "/reidrisk/attack/@precision-replicates" 0
expect_xpath "$TMP/n.xml" "/reidrisk/attack/@reidentified" 0
expect_xpath "$TMP/n.xml" "/reidrisk/attack/@coverage" 1e-06

# Library names; the HTML section, its chart, and no person's values.
run_status a --attack insurer --attack nosy-neighbour --replicates 5 -q --html "$TMP/r.html" --xml "$TMP/l.xml"
expect_eq "library status" "$status" 0
expect_xpath "$TMP/l.xml" "/reidrisk/attack[1]/@name" insurer
expect_xpath "$TMP/l.xml" "/reidrisk/attack[2]/@target" prosecutor
[ "$(grep -c 'Simulated attack: ' "$TMP/r.html")" -ge 2 ] && ok || fail "no attack sections in the HTML"
grep -q 'id="attack-1-chart-title"' "$TMP/r.html" && ok || fail "no chart in the attack section"
for unique in "AB2 1AB" "2020-02-29" "2017-11-30" p04 p05; do
  grep -qw -- "$unique" "$TMP/r.html" && fail "HTML leaks '$unique'" || ok
done

# Errors: one line each, exit status 2.
expect_error "no such scenario file, nor a scenario of that name .*insurer" a --attack burglar
printf '[scenario]\ncoverage = 2\n[sex]\n' > "$TMP/bad.ini"
expect_error "bad.ini:2:1: \[scenario\] coverage" a --attack "$TMP/bad.ini"
expect_error "replicates" a --attack insurer --replicates 0
expect_error "threads" a --attack insurer --threads many
expect_error "--seed goes with --attack" a --seed 3
expect_error "needs the population tables" a --attack insurer --population none
run_status a --attack "$TMP/prosecutor.ini" --population none -q --replicates 2
expect_eq "a prosecutor attack needs no population" "$status" 0
expect_error "population.ini" a --attack insurer --population "$TMP/nowhere"
finish
