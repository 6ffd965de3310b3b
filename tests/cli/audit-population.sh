# audit-population.sh - the population model in `reidrisk audit`: the XPaths the issue names,
# a hand-worked release of the tiny tables (F by hand, E[1/F] by the Poisson series in awk),
# the population size from the areas covered, --population none, --sampling-fraction,
# --population-size, --population-role, --uniqueness-form, schema validity, determinism, the
# HTML sections, and every option error (exit status 2, one line).
. "${TOP_SRCDIR}/tests/cli/lib.sh"
T=$TEST_DATA_DIR/population/tiny
R=$TEST_DATA_DIR/population/tiny-release.csv
S=$TEST_DATA_DIR/audit/small.csv
Q="--qi postcode:postcode:district,dob:date:day,sex:sex --population-role dob=date-of-birth"
a () { "$REIDRISK" audit --quiet --as-of 2021-01-01 "$@"; }
valid () { xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$1" 2>/dev/null && ok || fail "$1 is not valid"; }
# close GOT WANT WHAT: equal to 1e-9 relative
close () { awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 1e-9 * (w < 0 ? -w : w)) }' && ok || fail "$3: got $1, want $2"; }

# ---- the hand-worked release: AB1 x 2019-03-07 x F twice, CD1 x 2017-05-05 x M once.
# AB1 has 3750 people of 12500; a female born 2019-03-07 is aged 1 on 2020-06-30, and the
# 1250 females aged 1 spread over the 366 birth weights of their dates (1 January weighs 2):
# F1 = 3750 x (1250/366)/12500.  CD1 has 7500; males aged 3 are half of the 2+ band's 3125:
# F3 = 7500 x (1562.5/366)/12500.  N = 12500 (areas AB and CD), pi = 3/12500.
a "$R" $Q --population "$T" --xml "$TMP/t.xml" > "$TMP/t.out"
valid "$TMP/t.xml"
expect_xpath "$TMP/t.xml" "/reidrisk/population/@size" 12500
expect_xpath "$TMP/t.xml" "/reidrisk/population/@source" tiny
close "$(xpath "$TMP/t.xml" "/reidrisk/population/@sampling-fraction")" 0.00024 "sampling fraction"
want=$(awk 'function einv(f, mu,   s, m, p) { s = 0; p = exp(-mu); for (m = 0; m < 200; m++) { s += p / (f + m); p *= mu / (m + 1) } return s }
  BEGIN { pi = 3 / 12500; m1 = 3750 * 1250 / 366 / 12500 * (1 - pi); m3 = 7500 * 1562.5 / 366 / 12500 * (1 - pi)
          r1 = einv(2, m1); r3 = einv(1, m3); max = r1 > r3 ? r1 : r3
          printf "%.17g %.17g %.17g %.17g\n", 2 * r1 + r3, (2 * r1 + r3) / 3, exp(-m3), max }')
set -- $want
close "$(xpath "$TMP/t.xml" "/reidrisk/risk[@model='marketer']/@expected-reidentifications")" "$1" "expected re-identifications"
close "$(xpath "$TMP/t.xml" "/reidrisk/risk[@model='marketer']/@mean")" "$2" "marketer mean"
close "$(xpath "$TMP/t.xml" "/reidrisk/risk[@model='journalist']/@mean")" "$2" "journalist mean"
close "$(xpath "$TMP/t.xml" "/reidrisk/population/@estimated-uniques")" "$3" "estimated uniques"
close "$(xpath "$TMP/t.xml" "/reidrisk/risk[@model='journalist']/@max")" "$4" "journalist max"
# both classes' risks are above 0.09: every person is at risk
expect_xpath "$TMP/t.xml" "/reidrisk/risk[@model='journalist']/@records-at-risk" 1
expect_xpath "$TMP/t.xml" "count(/reidrisk/uniqueness-model)" 5
for m in pitman zayatz snb dankar benedetti-franconi; do
  expect_xpath "$TMP/t.xml" "count(/reidrisk/uniqueness-model[@name='$m']/@converged)" 1
done
expect_xpath "$TMP/t.xml" "/reidrisk/population/role[@qi='dob']/@table" date-of-birth
grep -q "^journalist risk: max" "$TMP/t.out" && ok || fail "no journalist line on stdout"

# ---- the population size from the areas covered: AB only is 5000 of the 12500
head -3 "$R" > "$TMP/ab.csv"
a "$TMP/ab.csv" $Q --population "$T" --xml "$TMP/ab.xml" > /dev/null
expect_xpath "$TMP/ab.xml" "/reidrisk/population/@size" 5000
close "$(xpath "$TMP/ab.xml" "/reidrisk/population/@covered-persons")" 5000 "covered persons"
# --population-size scales the tables: F doubles with N = 10000 for AB
a "$TMP/ab.csv" $Q --population "$T" --population-size 10000 --xml "$TMP/ab2.xml" > /dev/null
expect_xpath "$TMP/ab2.xml" "/reidrisk/population/@size" 10000
close "$(xpath "$TMP/ab2.xml" "/reidrisk/population/@sampling-fraction")" 0.0002 "pi with --population-size"
# --sampling-fraction: N = persons / P
a "$TMP/ab.csv" $Q --population "$T" --sampling-fraction 0.001 --xml "$TMP/ab3.xml" > /dev/null
expect_xpath "$TMP/ab3.xml" "/reidrisk/population/@size" 2000
expect_xpath "$TMP/ab3.xml" "/reidrisk/population/@sampling-fraction" 0.001

# ---- postcodes the tables lack are counted, never dropped
{ cat "$R"; echo "AB9 1AA,2019-03-07,F"; echo "ZE1 0AA,2019-03-07,M"; } > "$TMP/nf.csv"
a "$TMP/nf.csv" $Q --population "$T" --xml "$TMP/nf.xml" > /dev/null
valid "$TMP/nf.xml"
expect_xpath "$TMP/nf.xml" "/reidrisk/population/@postcodes-not-found" 1
expect_xpath "$TMP/nf.xml" "/reidrisk/population/@persons-postcode-not-found" 1
expect_xpath "$TMP/nf.xml" "/reidrisk/population/@postcodes-unmatched" 1
expect_xpath "$TMP/nf.xml" "count(/reidrisk/population/fallback[@name='postcode-not-found'])" 1

# ---- the default England tables, on small.csv: all the XPaths the issue names
a "$S" --person pid --qi postcode,date_of_birth:date:year,sex:sex --xml "$TMP/e.xml" --html "$TMP/e.html" > /dev/null
valid "$TMP/e.xml"
for x in "risk[@model='journalist']/@max" "risk[@model='journalist']/@mean" \
         "risk[@model='journalist']/@records-at-risk" "risk[@model='marketer']/@mean" \
         "risk[@model='marketer']/@expected-reidentifications" "population/@size" \
         "population/@sampling-fraction" "population/@source" "population/@estimated-uniques"; do
  expect_xpath "$TMP/e.xml" "count(/reidrisk/$x)" 1
done
# the areas covered are LS and M: their people, not England's 56,550,138
size=$(xpath "$TMP/e.xml" "/reidrisk/population/@size")
covered=$(xpath "$TMP/e.xml" "/reidrisk/population/@covered-persons")
expect_eq "size from the areas covered" "$size" "$(awk -v c="$covered" 'BEGIN { printf "%.0f", c }')"
[ "$size" -gt 1000000 ] && [ "$size" -lt 56550138 ] && ok || fail "LS and M hold $size people"
for m in pitman zayatz snb dankar; do
  c=$(xpath "$TMP/e.xml" "/reidrisk/uniqueness-model[@name='$m']/@converged")
  n=$(xpath "$TMP/e.xml" "count(/reidrisk/uniqueness-model[@name='$m']/@population-uniques)")
  if { [ "$c" = true ] && [ "$n" = 1 ]; } || { [ "$c" = false ] && [ "$n" = 0 ]; }; then ok
  else fail "$m: converged $c with $n estimates"; fi
done
grep -q "Who could be named" "$TMP/e.html" && ok || fail "HTML: no attacker section"
grep -q 'id="risk-chart-title"' "$TMP/e.html" && ok || fail "HTML: no risk chart"
grep -q "Population model: assumptions" "$TMP/e.html" && ok || fail "HTML: no assumptions"
# determinism
cp "$TMP/e.xml" "$TMP/e1.xml"
a "$S" --person pid --qi postcode,date_of_birth:date:year,sex:sex --xml "$TMP/e.xml" --html "$TMP/e.html" > /dev/null
cmp -s "$TMP/e1.xml" "$TMP/e.xml" && ok || fail "XML differs between runs"

# ---- --population none: no table-based figures; with a sampling fraction, the sample-only ones
a "$S" --person pid --population none --xml "$TMP/n.xml" > /dev/null 2>&1
expect_xpath "$TMP/n.xml" "count(/reidrisk/risk)" 1
expect_xpath "$TMP/n.xml" "count(/reidrisk/population)" 0
a "$S" --person pid --population none --sampling-fraction 0.5 --uniqueness-form published --xml "$TMP/n2.xml" > /dev/null
valid "$TMP/n2.xml"
expect_xpath "$TMP/n2.xml" "/reidrisk/population/@source" none
expect_xpath "$TMP/n2.xml" "/reidrisk/population/@size" 16
expect_xpath "$TMP/n2.xml" "count(/reidrisk/population/@estimated-uniques)" 0
expect_xpath "$TMP/n2.xml" "count(/reidrisk/uniqueness-model)" 5
expect_xpath "$TMP/n2.xml" "/reidrisk/uniqueness-model[@name='zayatz']/@form" published

# ---- errors
expect_error "^reidrisk: --sampling-fraction must be a number in \(0, 1\], not '0'" a "$S" --sampling-fraction 0
expect_error "^reidrisk: --sampling-fraction .* not '1.5'" a "$S" --sampling-fraction 1.5
expect_error "^reidrisk: --sampling-fraction .* not 'abc'" a "$S" --sampling-fraction abc
expect_error "^reidrisk: --population-size must be a whole number >= 1, not '0'" a "$S" --population-size 0
expect_error "^reidrisk: give --sampling-fraction or --population-size, not both" a "$S" --sampling-fraction 0.1 --population-size 100
expect_error "^reidrisk: --population-role: 'sex=bogus' is not NAME=ROLE" a "$S" --population-role sex=bogus
expect_error "^reidrisk: --population-role names 'nope'" a "$S" --qi sex:sex --population-role nope=none
expect_error "^reidrisk: --uniqueness-form must be 'arx' or 'published'" a "$S" --uniqueness-form foo
expect_error "^reidrisk: --population $TMP/nowhere: " a "$S" --population "$TMP/nowhere"
expect_error "^reidrisk: population model: the population \(2 persons" a "$R" $Q --population "$T" --population-size 2
expect_error "^reidrisk: population model: QI 'postcode' cannot have the population role sex" a "$R" $Q --population "$T" --population-role postcode=sex
finish
