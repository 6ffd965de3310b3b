# policy.sh - end to end: --policy verdicts (PASS exit 0, FAIL exit 1, trouble 2) with the XPaths
# the issue names, a rule whose figure is not measured, what drives the risk and attribute
# disclosure against the hand-worked figures of tests/data/audit/README.md, the search, --apply
# and the re-audit of the applied release with the same --qi and policy, schema validity,
# byte-identical XML on a second run, and the errors.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/audit
P=$TEST_DATA_DIR/policy
X=$TMP/r.xml
XSD=$TOP_SRCDIR/doc/results.xsd
AUDIT="$REIDRISK audit $D/small.csv --person pid --quiet --as-of 2021-01-01"
YEAR="--qi postcode:postcode:district,date_of_birth:date:year,sex:sex"

# FAIL against the shipped public-release policy: the highest risk is 1 > 0.09.
run_status $AUDIT $YEAR --sensitive diagnosis --policy public-release --xml "$X"
expect_eq "public-release status" "$status" 1
xmllint --noout --schema "$XSD" "$X" 2>/dev/null && ok || fail "schema (public-release)"
expect_xpath "$X" "/reidrisk/verdict/@policy" public-release
expect_xpath "$X" "/reidrisk/verdict/@result" FAIL
expect_xpath "$X" "/reidrisk/verdict/rule[@name='max-risk']/@limit" 0.09
expect_xpath "$X" "/reidrisk/verdict/rule[@name='max-risk']/@value" 1
expect_xpath "$X" "/reidrisk/verdict/rule[@name='max-risk']/@pass" false
expect_xpath "$X" "/reidrisk/verdict/rule[@name='no-direct-identifiers']/@value" 0
expect_xpath "$X" "/reidrisk/verdict/rule[@name='no-direct-identifiers']/@pass" true
expect_xpath "$X" "/reidrisk/risk/@threshold" 0.09
# 8 persons can never make classes of 11: no node of the 3 x 2 x 2 lattice passes.
expect_xpath "$X" "/reidrisk/search/@nodes" 12
expect_xpath "$X" "count(/reidrisk/recommendation)" 0
grep -q "^verdict: FAIL against policy public-release" "$TMP/out" && ok || fail "stdout verdict"

# Attribute disclosure (README): classes {I10,J45} {I10} {C50} {I10,F32} {I10,J45} on first rows;
# q = I10 1/2, J45 1/4, C50 1/8, F32 1/8; the {C50} class is at EMD 7/8; p3 and p4 are alone.
expect_xpath "$X" "/reidrisk/diversity/@attribute" diagnosis
expect_xpath "$X" "/reidrisk/diversity/@distinct-l" 1
expect_xpath "$X" "/reidrisk/diversity/@entropy-l" 1
expect_xpath "$X" "/reidrisk/diversity/@t" 0.875
expect_xpath "$X" "/reidrisk/diversity/@homogeneous" 0.25
expect_xpath "$X" "/reidrisk/diversity/@varying-persons" 1

# What drives the risk (README): dropping date_of_birth leaves LS6/M, LS6/F, LS7/M, M1/F, all of
# two; postcode to area leaves 4 classes with p3 and p4 alone; dropping sex leaves p4 alone.
expect_xpath "$X" "/reidrisk/drivers/@marketer-form" sample-only
expect_xpath "$X" "/reidrisk/drivers/qi[@name='date_of_birth']/dropped/@sample-uniques" 0
expect_xpath "$X" "/reidrisk/drivers/qi[@name='date_of_birth']/dropped/@prosecutor-max" 0.5
expect_xpath "$X" "/reidrisk/drivers/qi[@name='date_of_birth']/generalised/@level" withheld
expect_xpath "$X" "/reidrisk/drivers/qi[@name='postcode']/generalised/@level" area
expect_xpath "$X" "/reidrisk/drivers/qi[@name='postcode']/generalised/@prosecutor-mean" 0.5
expect_xpath "$X" "/reidrisk/drivers/qi[@name='postcode']/generalised/@sample-uniques" 2
expect_xpath "$X" "/reidrisk/drivers/qi[@name='sex']/dropped/@sample-uniques" 1
expect_xpath "$X" "/reidrisk/drivers/qi[@name='sex']/dropped/@marketer" 0.5
# SUDA: p4 is unique on its year (a 1-MSU, score 2! = 2), p3 on year and sex (score 1!).
expect_xpath "$X" "/reidrisk/drivers/subsets/subset[@qis='date_of_birth']/@uniques" 1
expect_xpath "$X" "/reidrisk/drivers/subsets/subset[@qis='date_of_birth sex']/@msus" 1
expect_xpath "$X" "/reidrisk/drivers/subsets/subset[@qis='postcode date_of_birth sex']/@uniques" 2
expect_xpath "$X" "/reidrisk/drivers/suda/msus[@size='1']/@count" 1
expect_xpath "$X" "/reidrisk/drivers/suda/msus[@size='2']/@count" 1
expect_xpath "$X" "/reidrisk/drivers/suda/@max-score" 2
expect_xpath "$X" "/reidrisk/drivers/suda/@pairs" 6
expect_xpath "$X" "/reidrisk/drivers/suda/contribution[@qi='date_of_birth']/@percent" 100

# --no-drivers leaves out what drives the risk, and nothing else of the verdict.
run_status $AUDIT $YEAR --sensitive diagnosis --policy public-release --no-drivers --xml "$TMP/nd.xml"
expect_eq "no-drivers status" "$status" 1
expect_xpath "$TMP/nd.xml" "count(/reidrisk/drivers)" 0
expect_xpath "$X" "count(/reidrisk/drivers)" 1
expect_eq "no-drivers verdict" "$(xpath "$TMP/nd.xml" "/reidrisk/verdict/@result")" "$(xpath "$X" "/reidrisk/verdict/@result")"
expect_eq "no-drivers recommendation" "$(xpath "$TMP/nd.xml" "/reidrisk/recommendation[@rank='1']/@sentence")" "$(xpath "$X" "/reidrisk/recommendation[@rank='1']/@sentence")"

# The same inputs give the same bytes.
cp "$X" "$TMP/first.xml"
run_status $AUDIT $YEAR --sensitive diagnosis --policy public-release --xml "$X"
cmp -s "$X" "$TMP/first.xml" && ok || fail "XML differs between two runs"

# A rule on a figure this run cannot measure (journalist risk, without the population model)
# fails, visibly.
run_status $AUDIT $YEAR --policy "$P/unmeasured.ini" --population none --xml "$X"
expect_eq "unmeasured status" "$status" 1
xmllint --noout --schema "$XSD" "$X" 2>/dev/null && ok || fail "schema (unmeasured)"
expect_xpath "$X" "/reidrisk/verdict/rule[@name='journalist']/@value" not-measured
expect_xpath "$X" "/reidrisk/verdict/rule[@name='journalist']/@measured" false
expect_xpath "$X" "/reidrisk/verdict/rule[@name='journalist']/@pass" false
expect_xpath "$X" "/reidrisk/verdict/@not-measured" 1
expect_xpath "$X" "/reidrisk/search/unsearchable/@rule" journalist
expect_xpath "$X" "/reidrisk/risk/@threshold" 0.25

# The figures of the population model, the attacks and the scan are the ones the same XML
# reports elsewhere; an objector in the release fails the policy.
printf 'pid\np3\n' > "$TMP/objectors.txt"
run_status $AUDIT $YEAR --policy "$P/every-model.ini" --attack "$TOP_SRCDIR/data/scenarios/insurer.ini" \
  --replicates 20 --objections "$TMP/objectors.txt" --pseudonym pid --xml "$X"
xmllint --noout --schema "$XSD" "$X" 2>/dev/null && ok || fail "schema (every model)"
rule () { xpath "$X" "/reidrisk/verdict/rule[@name='$1']/@$2"; }
expect_eq "journalist-max" "$(rule journalist-max value)" "$(xpath "$X" "/reidrisk/risk[@model='journalist']/@max")"
expect_eq "journalist-mean" "$(rule journalist-mean value)" "$(xpath "$X" "/reidrisk/risk[@model='journalist']/@mean")"
expect_eq "journalist-above" "$(rule journalist-above value)" "$(xpath "$X" "/reidrisk/risk[@model='journalist']/@records-at-risk")"
expect_eq "marketer" "$(rule marketer value)" "$(xpath "$X" "/reidrisk/risk[@model='marketer']/@mean")"
expect_eq "attack" "$(rule attack value)" "$(xpath "$X" "/reidrisk/attack/@reidentified")"
expect_eq "objectors" "$(rule objectors value)" "$(xpath "$X" "/reidrisk/scan/objections/@found")"
expect_eq "objector found" "$(rule objectors value)" 1
expect_eq "objectors rule" "$(rule objectors pass)" false
for r in journalist-max journalist-mean journalist-above marketer attack direct; do
  expect_eq "$r measured" "$(rule $r measured)" true
  expect_eq "$r passes" "$(rule $r pass)" true
done
expect_eq "every-model status (the objector fails it)" "$status" 1

# PASS: k >= 1... k2.ini asks k >= 2 and mean <= 0.625; at district/year/sex k = 1: FAIL; with
# the date of birth withheld (README) it passes, so the search finds it without suppression.
run_status $AUDIT $YEAR --policy "$P/k2.ini" --xml "$X"
expect_eq "k2 status" "$status" 1
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/level[@qi='date_of_birth']/@to" withheld
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/@suppressed" 0
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/figure[@name='k']/@after" 2

# --apply at unit and day levels with 30% suppression; the applied release passes when audited
# again with the same --qi (untyped postcode included) and policy.
QI="--qi postcode,date_of_birth:date,sex:sex"
run_status $AUDIT $QI --policy "$P/k2.ini" --max-suppression 0.3 --apply "$TMP/applied.csv" --xml "$X"
expect_eq "apply status (the release itself fails)" "$status" 1
xmllint --noout --schema "$XSD" "$X" 2>/dev/null && ok || fail "schema (apply)"
expect_xpath "$X" "/reidrisk/search/@applied" "$TMP/applied.csv"
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/level[@qi='postcode']/@to" sector
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/level[@qi='date_of_birth']/@to" year
expect_xpath "$X" "/reidrisk/recommendation[@rank='1']/@suppressed" 2
expect_eq "applied rows" "$(wc -l < "$TMP/applied.csv")" 9
expect_eq "applied header" "$(head -1 "$TMP/applied.csv")" "$(head -1 "$D/small.csv")"
grep -q '^p3,\|^p4,' "$TMP/applied.csv" && fail "suppressed persons written" || ok
expect_eq "applied p1" "$(sed -n 2p "$TMP/applied.csv")" "p1,LS6 2,1980,M,A,I10"
run_status "$REIDRISK" audit "$TMP/applied.csv" --person pid --as-of 2021-01-01 $QI \
  --policy "$P/k2.ini" --xml "$TMP/re.xml"
expect_eq "re-audit status" "$status" 0
expect_xpath "$TMP/re.xml" "/reidrisk/verdict/@result" PASS
expect_xpath "$TMP/re.xml" "/reidrisk/qi[@name='date_of_birth']/given[@level='year']/@persons" 6
expect_xpath "$TMP/re.xml" "/reidrisk/qi[@name='postcode']/given[@level='sector']/@persons" 6
expect_xpath "$TMP/re.xml" "/reidrisk/qi[@name='postcode']/@type" postcode
grep -q "already generalised to year, read at that level" "$TMP/err" && ok || fail "stderr note: $(cat "$TMP/err")"
# The re-audit's figures are the recommendation's.
expect_eq "re-audit mean" "$(xpath "$TMP/re.xml" "/reidrisk/risk/@mean")" \
  "$(xpath "$X" "/reidrisk/recommendation[@rank='1']/figure[@name='prosecutor-mean']/@after")"

# Age bands: date of birth as age5 at --as-of is written "40-44" and read back.
run_status $AUDIT --qi postcode:postcode:area,date_of_birth:date:age1,sex:sex \
  --policy "$P/k2.ini" --max-suppression 0.3 --apply "$TMP/ages.csv" --xml "$X"
run_status "$REIDRISK" audit "$TMP/ages.csv" --person pid --quiet --as-of 2021-01-01 \
  --qi postcode:postcode:area,date_of_birth:date:age1,sex:sex --policy "$P/k2.ini"
expect_eq "ages re-audit status" "$status" 0
cut -d, -f3 "$TMP/ages.csv" | grep -Eq '^[0-9]+(-[0-9]+)?$|^\*$|^date_of_birth$' && ok || fail "ages column: $(cut -d, -f3 "$TMP/ages.csv" | tr '\n' ' ')"

# Trouble: exit status 2 with one error line.
expect_error "unknown policy 'nope' \(the shipped policies are: controlled-access, public-release, small-numbers" $AUDIT $YEAR --policy nope
expect_error "unknown-figure.ini:5: unknown figure" $AUDIT $YEAR --policy "$P/unknown-figure.ini"
expect_error "--apply needs --policy" $AUDIT $YEAR --apply "$TMP/x.csv"
expect_error "max-suppression must be a share in \[0, 1\)" $AUDIT $YEAR --policy "$P/k2.ini" --max-suppression 1.5
expect_error "--threshold 0.5 differs from the threshold 0.25" $AUDIT $YEAR --policy "$P/unmeasured.ini" --threshold 0.5
expect_error "--sensitive item 'diagnosis:postcode'" $AUDIT $YEAR --sensitive diagnosis:postcode
expect_error "--apply: no combination of generalisation levels meets policy 'public-release'" \
  $AUDIT $YEAR --policy public-release --apply "$TMP/none.csv"
[ -e "$TMP/none.csv" ] && fail "--apply wrote a file although nothing passes" || ok
finish
