# audit-errors.sh - every kind of bad input named by the issue gets one line
# "reidrisk: FILE:LINE:COL: what" (options: no place) and exit status 2, never a crash.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/audit
Q="--qi postcode,date_of_birth:date,sex:sex"
a () { "$REIDRISK" audit --quiet --as-of 2021-01-01 "$@"; }

expect_error "^reidrisk: $TMP/none.csv: " a "$TMP/none.csv" $Q
: > "$TMP/empty.csv"
expect_error "^reidrisk: $TMP/empty.csv:1: .*empty" a "$TMP/empty.csv" $Q
head -1 "$D/small.csv" > "$TMP/header.csv"
expect_error "^reidrisk: $TMP/header.csv:1: .*no data rows" a "$TMP/header.csv" $Q
{ head -3 "$D/small.csv"; echo "p9,LS6 2AB,1980-03-07"; } > "$TMP/ragged.csv"
expect_error "^reidrisk: $TMP/ragged.csv:4:[0-9]+: .*field" a "$TMP/ragged.csv" $Q
{ head -3 "$D/small.csv"; echo 'p9,"LS6 2AB,1980-03-07,M,A,I10'; } > "$TMP/quote.csv"
expect_error "^reidrisk: $TMP/quote.csv:4:2: .*quote" a "$TMP/quote.csv" $Q
{ head -3 "$D/small.csv"; printf 'p9,LS6 2AB,1980-03-07,M,A,caf\351\n'; } > "$TMP/utf8.csv"
expect_error "^reidrisk: $TMP/utf8.csv:4:6: .*UTF-8" a "$TMP/utf8.csv" $Q
{ head -3 "$D/small.csv"; echo "p9,LS6 2AB,2013-02-30,M,A,I10"; } > "$TMP/date.csv"
expect_error "^reidrisk: $TMP/date.csv:4:3: invalid date '2013-02-30'" a "$TMP/date.csv" $Q
{ head -3 "$D/small.csv"; echo "p9,LS6 2AB,1980-13-01,M,A,I10"; } > "$TMP/month.csv"
expect_error "^reidrisk: $TMP/month.csv:4:3: invalid date '1980-13-01'.*month" a "$TMP/month.csv" $Q
{ head -3 "$D/small.csv"; echo "p9,LS6 2AK,1980-03-07,M,A,I10"; } > "$TMP/pc.csv"
expect_error "^reidrisk: $TMP/pc.csv:4:2: invalid postcode 'LS6 2AK'" a "$TMP/pc.csv" $Q
expect_error "^reidrisk: .*unknown column 'nope'" a "$D/small.csv" --qi nope:category
expect_error "^reidrisk: .*type" a "$D/small.csv" --qi postcode:zipcode
expect_error "^reidrisk: .*level" a "$D/small.csv" --qi postcode:postcode:street
expect_error "^reidrisk: .*level" a "$D/small.csv" --qi sex:sex:district
expect_error "^reidrisk: .*threshold" a "$D/small.csv" $Q --threshold 0
expect_error "^reidrisk: .*threshold" a "$D/small.csv" $Q --threshold 1.5
expect_error "^reidrisk: .*threshold" a "$D/small.csv" $Q --threshold abc
expect_error "^reidrisk: .*as-of" "$REIDRISK" audit "$D/small.csv" $Q --as-of 2021-02-30
{ echo "pid,postcode,empty"; echo "p1,LS6 2AB,"; echo "p2,LS6 2AD, "; } > "$TMP/emptyqi.csv"
expect_error "^reidrisk: $TMP/emptyqi.csv:1:3: .*'empty' is empty" a "$TMP/emptyqi.csv" --qi postcode,empty:category
head -c 3000 /dev/urandom > "$TMP/garbage.csv"; printf '\0\0' >> "$TMP/garbage.csv"
expect_error "^reidrisk: $TMP/garbage.csv:[0-9]+(:[0-9]+)?: " a "$TMP/garbage.csv" $Q
{ echo "a,b"; printf 'x,\0y\n'; } > "$TMP/nul.csv"
expect_error "^reidrisk: $TMP/nul.csv:2:2: .*(NUL|binary)" a "$TMP/nul.csv" --qi a:category
seq 1 20000 | sed 's/^/p,LS6 2AB,1980-03-07,M,A,I10,/' | { head -1 "$D/small.csv"; cat; } | gzip -n > "$TMP/full.csv.gz"
head -c 20000 "$TMP/full.csv.gz" > "$TMP/trunc.csv.gz"
expect_error "^reidrisk: $TMP/trunc.csv.gz:[0-9]+(:[0-9]+)?: .*truncated" a "$TMP/trunc.csv.gz" $Q
expect_error "^reidrisk: .*exactly one RELEASE" "$REIDRISK" audit
expect_error "^reidrisk: .*invalid" a "$D/small.csv" $Q --invalid sometimes

# --invalid missing turns the bad postcode into a counted missing value.
run_status a "$TMP/pc.csv" $Q --invalid missing --person pid --xml "$TMP/r.xml"
expect_eq "status with --invalid missing" "$status" 0
expect_xpath "$TMP/r.xml" "/reidrisk/qi[@name='postcode']/@invalid" 1
finish
