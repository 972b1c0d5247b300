#!/usr/bin/env bash
# milepost's exports read back by independent readers, for the demo and a generated program with
# a 3-level WBS: the iCalendar export parsed by the Python package `icalendar` and compared with
# `schedule --json`; the MS Project XML export read by MPXJ (PyPI `mpxj`, on a Java runtime) and
# compared with the program. Installs the Python packages with pip when they are missing (the
# Java runtime comes from .ci/run); a reader that cannot be installed is skipped, saying so.
# Usage: scripts/interchange-check.sh [MILEPOST_BINARY]   (default: target/debug/milepost)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/milepost}
ical=1
msp=1
if ! python3 -c 'import icalendar' 2>/dev/null; then
  pip install --quiet --disable-pip-version-check icalendar ||
    { echo "warning: cannot install the Python package icalendar: skipping the iCalendar check" >&2; ical=0; }
fi
if ! command -v java >/dev/null 2>&1; then
  echo "warning: no Java runtime: skipping the MPXJ check" >&2
  msp=0
elif ! python3 -c 'import jpype, mpxj' 2>/dev/null; then
  pip install --quiet --disable-pip-version-check mpxj JPype1 ||
    { echo "warning: cannot install mpxj: skipping the MPXJ check" >&2; msp=0; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MILEPOST_TODAY=2026-11-22
"$bin" --db "$tmp/demo.db" demo --no-tui >/dev/null
"$bin" --db "$tmp/gen.db" import <("$bin" generate --tasks 600 --depth 3) --quiet >/dev/null
for db in demo gen; do
  # A deadline on the first leaf task (one that is nobody's summary).
  leaf=$("$bin" --db "$tmp/$db.db" task list --json | python3 -c '
import json, sys
tasks = json.load(sys.stdin)
summaries = {t.get("parent") for t in tasks}
print(next(t["key"] for t in tasks if t["duration"] > 0 and t["key"] not in summaries))')
  "$bin" --db "$tmp/$db.db" task set "$leaf" --deadline 2026-12-18 >/dev/null
  if [ $ical = 1 ]; then
    "$bin" --db "$tmp/$db.db" export --format ical --out "$tmp/$db.ics"
    "$bin" --db "$tmp/$db.db" schedule --json >"$tmp/$db.json"
    python3 scripts/check_ical.py "$tmp/$db.ics" "$tmp/$db.json"
  fi
  if [ $msp = 1 ]; then
    "$bin" --db "$tmp/$db.db" export --format msp --out "$tmp/$db.xml"
    "$bin" --db "$tmp/$db.db" export --out "$tmp/$db.program.json"
    python3 scripts/check_mspdi_mpxj.py "$tmp/$db.xml" "$tmp/$db.program.json"
  fi
done
