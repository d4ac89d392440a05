#!/usr/bin/env bash
# Checks the fail2ban filter against the audit lines the test suite wrote
# (<module>/target/test-log/audit.log, plain JSON lines): every "rejected" and "throttled" line
# must match, and no other line may. Run from anywhere after `mvn verify`; needs fail2ban-regex (Debian: fail2ban).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
filter="$root/deploy/fail2ban/filter.d/postern.conf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

shopt -s nullglob
logs=("$root"/*/target/test-log/audit.log)
if [ ${#logs[@]} -eq 0 ]; then
  echo "fail2ban check: no */target/test-log/audit.log; run the tests first" >&2
  exit 1
fi
cat "${logs[@]}" | grep '^{"time":' > "$work/all.log" || true
grep -E '"outcome":"(rejected|throttled)"' "$work/all.log" > "$work/rejected.log" || true
grep -vE '"outcome":"(rejected|throttled)"' "$work/all.log" > "$work/other.log" || true
throttled=$(grep -cF '"outcome":"throttled"' "$work/rejected.log" || true)

matched() {
  # fail2ban-regex prints e.g. "Lines: 12 lines, 0 ignored, 5 matched, 7 missed"
  fail2ban-regex "$1" "$filter" | sed -n 's/^Lines: [0-9]* lines, [0-9]* ignored, \([0-9]*\) matched.*/\1/p'
}

rejected=$(wc -l < "$work/rejected.log")
other=$(wc -l < "$work/other.log")
if [ "$rejected" -eq 0 ]; then
  echo "fail2ban check: the tests wrote no rejected audit line to check against" >&2
  exit 1
fi
hits=$(matched "$work/rejected.log")
if [ "$hits" != "$rejected" ]; then
  echo "fail2ban check: $hits of $rejected rejected/throttled audit lines matched (expected all)" >&2
  fail2ban-regex --print-all-missed "$work/rejected.log" "$filter" | sed -n '/Missed line/,$p' >&2
  exit 1
fi
false_hits=0
if [ "$other" -gt 0 ]; then
  false_hits=$(matched "$work/other.log")
fi
if [ "$false_hits" != "0" ]; then
  echo "fail2ban check: $false_hits audit lines that are not rejections matched (expected none)" >&2
  fail2ban-regex --print-all-matched "$work/other.log" "$filter" | sed -n '/Matched line/,$p' >&2
  exit 1
fi
if [ "$throttled" -eq 0 ]; then
  echo "fail2ban check: the tests wrote no throttled audit line to check against" >&2
  exit 1
fi
echo "fail2ban check: $rejected rejected/throttled lines matched ($throttled throttled), $other other lines (success, unavailable) did not"
