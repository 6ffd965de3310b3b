# audit-population.sh - the population model in `reidrisk audit`: the XPaths the issue names,
# a hand-worked release of the tiny tables (F by hand, E[1/F] by the Poisson series in awk),
# the population size from the areas covered, --population none, --sampling-fraction,
# --population-size, --population-role, --uniqueness-form, --postcode-split (a hand-worked
# sector release split by the release and uniformly), schema validity, determinism, the HTML
# sections, and every option error (exit status 2, one line).
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
# ... and whatever the threads: 20,000 persons at unit postcodes are some 5 blocks of the
# model's loop over the classes, summed in block order.
"$REIDRISK" synth --data-dir "$TOP_SRCDIR/data/england" --persons 20000 --seed 7 --output "$TMP/big.csv" 2> /dev/null
for t in 1 2 3; do
  a "$TMP/big.csv" --person pseudonym --qi postcode,date_of_birth:date,sex:sex --no-scan --no-drivers \
    --threads "$t" --xml "$TMP/t$t.xml" > /dev/null
  sed 's/ command-line="[^"]*"//' "$TMP/t$t.xml" > "$TMP/t$t.cmp"
done
[ "$(xpath "$TMP/t1.xml" "/reidrisk/classes/@count")" -gt 8192 ] && ok || fail "too few classes for three blocks"
cmp -s "$TMP/t1.cmp" "$TMP/t2.cmp" && cmp -s "$TMP/t1.cmp" "$TMP/t3.cmp" && ok \
  || fail "XML differs with --threads"

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

# ---- below the table: sectors of the tiny tables' districts (4 sectors each), split by the
# release (default) or uniformly.  Two persons per district: AB1 2 holds both of AB1's, AB2 1
# both of AB2's, CD1 1 and CD1 5 one each of CD1's.  With a = 2 codes holding their parent's 2
# and b = 2 holding 1 of 2, the fit's closed form (tests/unit/test-population-split.c) is
# alpha = b / (a (2K - 2) - b) = 0.2, so the shares are (2 + 0.2) / (2 + 0.8) = 11/14 and
# (1 + 0.2) / 2.8 = 3/7; uniformly each sector gets 1/4.  P(sex) = 1/2; N = 12500,
# pi = 6/12500.
printf 'postcode,sex\nAB1 2AA,F\nAB1 2AA,F\nAB2 1AA,M\nAB2 1AB,F\nCD1 1AA,M\nCD1 5AA,M\n' > "$TMP/sec.csv"
QS="--qi postcode:postcode:sector,sex:sex"
a "$TMP/sec.csv" $QS --population "$T" --xml "$TMP/sr.xml" --html "$TMP/sr.html" > /dev/null
a "$TMP/sec.csv" $QS --population "$T" --postcode-split uniform --xml "$TMP/su.xml" > /dev/null
valid "$TMP/sr.xml"
valid "$TMP/su.xml"
expect_xpath "$TMP/sr.xml" "count(/reidrisk/population/fallback[@name='below-geography-release'])" 1
expect_xpath "$TMP/sr.xml" "count(/reidrisk/population/fallback[@name='below-geography'])" 0
expect_xpath "$TMP/su.xml" "count(/reidrisk/population/fallback[@name='below-geography'])" 1
expect_xpath "$TMP/su.xml" "count(/reidrisk/population/fallback[@name='below-geography-release'])" 0
expect_xpath "$TMP/sr.xml" "/reidrisk/population/split/@level" sector
expect_xpath "$TMP/sr.xml" "/reidrisk/population/split/@within" district
expect_xpath "$TMP/sr.xml" "/reidrisk/population/split/@method" release
expect_xpath "$TMP/sr.xml" "/reidrisk/population/split/@codes" 4
expect_xpath "$TMP/sr.xml" "/reidrisk/population/split/@parents" 3
expect_xpath "$TMP/su.xml" "/reidrisk/population/split/@method" uniform
expect_xpath "$TMP/su.xml" "/reidrisk/population/split/@alpha" INF
# near GOT WANT WHAT: the fit finds alpha to 1e-4 in ln alpha (RR_SPLIT_LN_ALPHA_EPSABS) and
# a share moves by less than that, so the split's figures agree to 1e-4 relative
near () { awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 1e-4 * (w < 0 ? -w : w)) }' && ok || fail "$3: got $1, want $2"; }
near "$(xpath "$TMP/sr.xml" "/reidrisk/population/split/@alpha")" 0.2 "alpha of the sector split"
# E[1/(1 + M)] = (1 - e^-mu)/mu and E[1/(2 + M)] = (mu - 1 + e^-mu)/mu^2 (methods.md)
want=$(awk 'function e1(mu) { return (1 - exp(-mu)) / mu }
  function e2(mu) { return (mu - 1 + exp(-mu)) / (mu * mu) }
  function sum(fab1, fab2, fcd,   q) { q = 1 - 6 / 12500
    return 2 * e2(fab1 * q) + 2 * e1(fab2 * q) + 2 * e1(fcd * q) }
  BEGIN { printf "%.17g %.17g\n", sum(3750 * 11 / 14 / 2, 1250 * 11 / 14 / 2, 7500 * 3 / 7 / 2),
                                 sum(3750 / 4 / 2, 1250 / 4 / 2, 7500 / 4 / 2) }')
set -- $want
near "$(xpath "$TMP/sr.xml" "/reidrisk/risk[@model='marketer']/@expected-reidentifications")" "$1" "re-identifications, release split"
close "$(xpath "$TMP/su.xml" "/reidrisk/risk[@model='marketer']/@expected-reidentifications")" "$2" "re-identifications, uniform split"
grep -q "Postcode sectors: each gets (f + 0.2) / (g + 0.2 .* 4) of its district" "$TMP/sr.html" && ok || fail "HTML: no sector split sentence"

# ---- errors
expect_error "^reidrisk: --postcode-split must be 'release' or 'uniform', not 'even'" a "$S" --postcode-split even
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
