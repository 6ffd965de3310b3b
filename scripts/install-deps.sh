#!/bin/sh
# install-deps.sh - installs the Debian 12 packages reidrisk needs to build, test and benchmark,
# skipping the apt round trip when everything is already there.  Run as root (or with sudo).
# chromium renders the HTML report in tests/cli/render.sh.
set -eu
PACKAGES="build-essential autoconf automake libtool pkg-config autoconf-archive \
  libglib2.0-dev libxml2-dev libgsl-dev libcriterion-dev zlib1g-dev libssl-dev libxml2-utils \
  clang libclang-rt-dev time chromium fonts-dejavu-core"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing:$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
