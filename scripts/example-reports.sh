#!/bin/sh
# example-reports.sh - regenerates reports/example.html, reports/example.xml and
# reports/example.png (a headless Chromium screenshot of the report's first screens) from the
# shipped example with the README's command.  Run at the top of the tree after make.
# The audit exits 1: the example fails the public-release policy, which is the point.
set -eu
./reidrisk audit data/examples/example.csv --person pseudonym \
  --qi postcode:postcode:sector,date_of_birth:date:year,sex:sex,ethnicity:category \
  --as-of 2021-01-01 --sensitive diagnosis --policy public-release \
  --html reports/example.html --xml reports/example.xml || [ $? -eq 1 ]
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-dev-shm-usage --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1200,1800 --screenshot=reports/example.png "file://$PWD/reports/example.html" \
  2>/dev/null
