#!/usr/bin/env bash
# Runs the STF vectors of p4/stf/ on p4c and bmv2 (simple_switch), where those are installed.
# NOT TRIED HERE: no p4c or bmv2 can be installed on the machines this project is built on
# (not in Debian 12, not on Maven Central); our own interpreter runs the same files in
# `mvn verify` (StfVectorsTest). What to expect on the real tools is in p4/README.md.
#
#   P4C=/path/to/p4c ./run-stf-bmv2.sh            every p4/stf/*.stf against src/ringworld.p4
#
# It uses p4c's own STF driver (backends/bmv2/run-bmv2-test.py), which compiles a program with
# p4c-bm2-ss, starts simple_switch and replays the .stf found next to the program under the same
# name; so each vector file is paired with a copy of ringworld.p4 in a scratch folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${P4C:?set P4C to a p4c source tree with a build (backends/bmv2/run-bmv2-test.py, build/p4c-bm2-ss)}"
driver="$P4C/backends/bmv2/run-bmv2-test.py"
[ -f "$driver" ] || { echo "run-stf-bmv2: $driver not found" >&2; exit 2; }
command -v simple_switch >/dev/null || { echo "run-stf-bmv2: simple_switch (bmv2) is not on PATH" >&2; exit 2; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for stf in "$here"/stf/*.stf; do
  name="$(basename "$stf" .stf)"
  cp "$here/src/ringworld.p4" "$scratch/$name.p4"
  cp "$stf" "$scratch/$name.stf"
  echo "== $name"
  if ! python3 "$driver" "$P4C" "$scratch/$name.p4"; then
    status=1
  fi
done
exit $status
