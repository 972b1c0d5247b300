#!/usr/bin/env bash
# The reliability suite at full counts, on a release build:
#   - kill -9 during writes, imports, migrations, backups and init: 1,000 kills;
#   - hostile input: 10,000 cases per target (command lines, program JSON, spend CSV, task and
#     RAID sheets, config, MS Project XML);
#   - two users: 2 x 2,000 adds with undos interleaved; 100 stale edits;
#   - 200 damaged files; file modes; read-only file and filesystem;
#   - readers and writers during a bulk import of 100,000 tasks;
#   - the workbench ending with its terminal: 20 runs each of kill-session, SIGHUP, SIGTERM.
# `cargo test` runs the same tests at reduced counts. Each prints its figures on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
export MILEPOST_RELIABILITY=full MILEPOST_LIFETIME_RUNS=20
cargo test --release --test reliability_files --test reliability_input \
  --test reliability_edits --test e2e_lifetime --no-fail-fast -- --nocapture --test-threads=1 2>&1 |
  awk '/panicked/ { n = 16 } n > 0 { print; n--; next }
    /^(test |kill -9|damaged files|bulk import|command lines|program files|spend files|sheet files|config files|MS Project files|skipped)|[A-Za-z]+: [0-9]+ runs|FAILED|test result/ { print }'
