#!/usr/bin/env bash
# Runs each libFuzzer fuzzer of Fuzz/ for SECONDS on a copy of its committed corpus (docs/fuzzing.md).
# Build them first: swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
# Fails, printing the input, when one crashes, hangs (10 s) or needs more than 2 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-30}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in playbook csv samples templates ocpp; do
  mkdir -p "$work/$name"
  cp Fuzz/Corpus/"$name"/* "$work/$name/"
  if ! Fuzz/.build/release/fuzz-"$name" "$work/$name" -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$work/$name-" >"$work/$name.log" 2>&1; then
    echo "fuzz.sh: fuzz-$name failed:"
    tail -60 "$work/$name.log"
    for f in "$work/$name"-*; do [ -f "$f" ] && { echo "input $f (base64):"; base64 "$f"; }; done
    exit 1
  fi
  echo "fuzz.sh: fuzz-$name: $(grep -E '^Done' "$work/$name.log" || echo 'done') (no crash)"
done
