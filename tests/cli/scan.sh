# scan.sh - `reidrisk scan` end to end: column verdicts, the dictionary attack on a restricted NHS
# range (SHA-256 reversed, HMAC not), --quick, objections in both forms, --against, the XML and
# HTML outputs (masked values only), every identifier kind on a release written in the test,
# exit statuses and errors.
. "$TOP_SRCDIR/tests/cli/lib.sh"
D=$TEST_DATA_DIR/scan
RANGE=--nhs-range=943476000:943477000

run_status "$REIDRISK" scan "$D/release.csv" $RANGE --xml "$TMP/r.xml" --html "$TMP/r.html"
expect_eq "exit status, release with identifiers" "$status" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/@verdict" identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/nhs-number/@count" 8
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/nhs-number-invalid-check/@count" 2
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/@verdict" free-text-with-identifiers
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/email/@count" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/phone/@count" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='diagnosis']/@verdict" clean
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='postcode']/@verdict" quasi-identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='date_of_birth']/@verdict" quasi-identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversible" true
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@transform" sha256
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversed" 8
expect_xpath "$TMP/r.xml" "/reidrisk/@version" "$("$REIDRISK" --version | cut -d' ' -f2)"
# Nothing but masked identifiers in the reports.
for f in "$TMP/r.xml" "$TMP/r.html" "$TMP/out"; do
  if grep -q -e 9434760003 -e 'gp.surgery' -e '900123' "$f"; then fail "$f shows an identifier"; else ok; fi
done
if grep -q '943 \*\*\* \*\*\*\* (valid check digit)' "$TMP/r.html"; then ok; else fail "no masked example in HTML"; fi
if grep -qi -e '<script' -e 'src=' -e 'href=' "$TMP/r.html"; then fail "HTML not self-contained"; else ok; fi
grep -q '^result: FAIL$' "$TMP/out" && ok || fail "summary line"

# HMAC pseudonyms: not reversible; nothing else to find, so the release passes.
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --xml "$TMP/h.xml"
expect_eq "exit status, keyed pseudonyms" "$status" 0
expect_xpath "$TMP/h.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversible" false
expect_xpath "$TMP/h.xml" "/reidrisk/scan/pseudonym[@column='pid']/@transform" none
expect_xpath "$TMP/h.xml" "count(/reidrisk/scan/pseudonym/try)" 6
# --quick samples a share of the space in which a right transform would reverse 20 pseudonyms;
# with only 10 pseudonyms that share is the whole space, so nothing is skipped (the unit test
# test-scan-pseudonym shows the early stop with 400).
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --quick --transforms sha256 --xml "$TMP/q.xml"
expect_eq "exit status, --quick" "$status" 0
expect_xpath "$TMP/q.xml" "/reidrisk/scan/pseudonym/try/@stopped-early" false
expect_xpath "$TMP/q.xml" "/reidrisk/scan/pseudonym/try/@candidates" 909

# Objections: NHS numbers (plain and spaced) and pseudonyms (any case).
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --no-attack --objections "$D/objections-nhs.txt" --xml "$TMP/o.xml"
expect_eq "exit status, NHS objectors against keyed pseudonyms" "$status" 0
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 5
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 0
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-nhs.txt" --xml "$TMP/o.xml"
expect_eq "exit status, objectors present" "$status" 1
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 3
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-pseudonyms.txt" --xml "$TMP/o.xml"
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 3
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 2

# Linkage with an earlier release: 6 of its pseudonyms are in release.csv.
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --against "$D/previous.csv" --xml "$TMP/l.xml"
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='pid']/@recurring" 6
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='pid']/@pseudonyms" 10

# Every kind of identifier, in free text and as whole columns, on a release written here.
cat > "$TMP/kinds.csv" <<'EOF'
record,notes,gp_postcode,dob,contact,ni,full_name,comment,phone_no
1,"Seen by Margaret Thompson at 14 High St, Leeds LS6 2AB; tel 0113 496 0123",LS6 2AB,1961-05-03,jane.doe@example.co.uk,QQ123456C,Margaret Thompson,Parkinson's disease,07700 900123
2,"Patient born 3 May 1961; NI AB123456C",M1 1AE,03/05/1961,bob@nhs.net,AB 12 34 56 C,"Smith, John",Crohn's disease,+44 7700 900456
3,"mobile +44 (0)7700 900789, email x.y@z.org",SW1A 1AA,1980-02-29,carol@example.com,JG103759A,David Jones,Asthma,020 7946 0018
4,"no identifiers",B33 8TH,1975-12-31,dan@example.com,CE123456D,Susan Williams,Down syndrome,0161 496 0000
5,"ref 943 476 5919 and d.o.b 12/01/1950",CR2 6XH,1950-01-12,eve@example.com,ZZ123456A,James Brown,Asthma,07700900999
6,"NHS 401 023 4567 (check digit wrong)",LS1 4AP,1950-01-13,fay@example.com,JG103759B,Mary Taylor,Asthma,01632 960123
7,"Smith, John called",LS1 4AP,1950-01-14,gus@example.com,JG103759C,Anne Wilson,Asthma,01632 960124
8,"clinic on 2020-02-16",LS1 4AP,1950-01-15,hal@example.com,JG103759D,Peter Evans,Asthma,01632 960125
EOF
run_status "$REIDRISK" scan "$TMP/kinds.csv" --xml "$TMP/k.xml" --html "$TMP/k.html"
expect_eq "exit status, identifiers" "$status" 1
n="/reidrisk/scan/column[@name='notes']"
expect_xpath "$TMP/k.xml" "$n/@verdict" free-text-with-identifiers
for k in nhs-number:1 nhs-number-invalid-check:1 email:1 phone:2 ni-number:1 name:2 postcode:1 \
         date-of-birth:2 date:1; do
  expect_xpath "$TMP/k.xml" "$n/${k%%:*}/@count" "${k#*:}"
  expect_xpath "$TMP/k.xml" "$n/${k%%:*}/@whole" 0
done
expect_xpath "$TMP/k.xml" "count($n/*)" 9
for c in contact:email:8 ni:ni-number:6 full_name:name:8 phone_no:phone:8; do
  col=${c%%:*}; rest=${c#*:}
  expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='$col']/@verdict" identifier
  expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='$col']/${rest%%:*}/@whole" "${rest#*:}"
done
expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='gp_postcode']/@verdict" quasi-identifier
expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='dob']/@verdict" quasi-identifier
expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='dob']/date-of-birth/@count" 8
expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='comment']/@verdict" clean
expect_xpath "$TMP/k.xml" "/reidrisk/scan/column[@name='record']/@verdict" clean
expect_xpath "$TMP/k.xml" "$n/date-of-birth/@example" "d Month yyyy"
grep -q '^column notes: free-text-with-identifiers (1 value holds an NHS number)$' "$TMP/out" \
  && ok || fail "summary: notes"
for f in "$TMP/k.xml" "$TMP/k.html" "$TMP/out"; do
  if grep -q -e 'Thompson' -e 'LS6 2AB' -e '496 0123' -e 'x\.y@' -e 'AB123456C' -e '5919' -e '1961' "$f"; then
    fail "$f shows a value"
  else ok; fi
done

# Trouble: exit status 2 and one error line.
expect_error 'wrong check digit' "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-bad.txt"
expect_error 'unknown transform' "$REIDRISK" scan "$D/release.csv" --transforms sha3
expect_error 'nhs-range' "$REIDRISK" scan "$D/release.csv" --nhs-range 5:3
expect_error 'exactly one RELEASE' "$REIDRISK" scan
expect_error 'no-such' "$REIDRISK" scan "$D/no-such.csv"
finish
