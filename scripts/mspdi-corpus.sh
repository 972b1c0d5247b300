#!/usr/bin/env bash
# Import every MS Project XML file of a corpus folder (`../shared/realworld`, whose files must
# never be copied into this repository) and print a table: tasks, links, baselines, non-working
# days and what the import report left out, per file; a refused file with its one-line reason.
# Then MS Project as the oracle (examples/mspdi_oracle.rs): for each file MS Project scheduled
# on whole days, milepost's pure plan against the early and late dates and total slack stored
# in the file, leaf by leaf, with every disagreement and what explains it. Fails when a file is
# refused or a disagreement has no explanation.
# Usage: scripts/mspdi-corpus.sh CORPUS_FOLDER [MILEPOST_BINARY]   (default: target/debug/milepost)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/mspdi-corpus.sh CORPUS_FOLDER [MILEPOST_BINARY]}
bin=${2:-target/debug/milepost}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MILEPOST_TODAY=2026-11-22
count() { grep -E "^  [0-9]+ $1\$" "$2" | awk '{print $1}' | head -1 || true; }
printf '| file | tasks | summaries | links | baselines | non-working days | left out or mapped |\n'
printf '|---|---|---|---|---|---|---|\n'
status=0
while IFS= read -r -d '' f; do
  name=$(basename "$f")
  mkdir -p "$tmp/files"
  xml="$tmp/files/${name%.gz}"
  case "$f" in *.gz) gunzip -c "$f" >"$xml" ;; *) cp "$f" "$xml" ;; esac
  out="$tmp/out.txt"
  if "$bin" --db "$tmp/${name}.db" import "$xml" --format msp >"$out" 2>"$tmp/err.txt"; then
    tasks=$(sed -n 's/^imported .*: [0-9]* workstreams, \([0-9]*\) tasks.*/\1/p' "$out")
    other=$(grep -E '^  [0-9]+ ' "$out" | grep -E 'left out|rounded|skipped|instead|automatically|expanded|kept as summary|share of' |
      sed 's/^  //' | paste -sd ';' - | sed 's/;/; /g' || true)
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$tasks" "$(count 'summary tasks' "$out")" \
      "$(count links "$out")" "$(count baselines "$out")" "$(count 'non-working days in the calendar' "$out")" "${other:-}"
  else
    printf '| %s | refused: %s |||||\n' "$name" "$(head -1 "$tmp/err.txt")"
    status=1
  fi
  rm -f "$tmp/${name}.db"*
done < <(find "$corpus" -path '*mspdi*' \( -name '*.xml' -o -name '*.xml.gz' \) -print0 | sort -z)
echo
cargo build --quiet --locked --example mspdi_oracle
target/debug/examples/mspdi_oracle "$bin" "$tmp"/files/*.xml || status=1
exit $status
