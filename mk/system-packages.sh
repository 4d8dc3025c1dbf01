#!/bin/sh
# Install the Debian packages named as arguments, those that are missing:
# with apt-get as root, or through sudo where it is available; otherwise stop
# with one line naming the command to run. Used by the Makefile (mk/system.mk).
set -eu
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "make: not a Debian or Ubuntu system: make sure these (or their equivalents) are installed: $*" >&2
    exit 0
fi
missing=""
for package in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    sudo="sudo"
else
    echo "make: missing Debian packages; run:  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "==> apt-get install$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
