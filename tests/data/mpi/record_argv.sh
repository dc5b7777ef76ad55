#!/bin/sh
# Records the argv Open MPI's rsh launcher passes to its agent, one word per line, then exits.
out=${RECORD_DIR:-/tmp/mpicap}/argv.$$
for w in "$@"; do printf '%s\n' "$w"; done > "$out"
exit 1
