#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Install what is missing, build (warnings are errors with CI=true) and run
# every meson test of every suite. The last line printed counts test cases,
# not meson tests: "N passed, N failed" (", N skipped" when some were),
# summed from the "CASES <suite>: a passed, b failed, c skipped" lines that
# each autotest and integration test prints. A test that fails without
# such a line reporting a failure (a crash, a timeout) counts as one failed
# case. Exits non-zero if anything failed.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1

abort() {
	echo "test.sh: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

bash scripts/setup.sh || abort "installing packages failed"

bash scripts/build.sh || abort "build failed"

log=build/meson-logs/testlog.json
rm -f "$log"
meson test -C build --print-errorlogs
rc=$?
[ -f "$log" ] || abort "meson test left no $log"

# testlog.json holds one object per meson test with its own stdout and
# stderr, so a test's output cannot be mistaken for meson's framing.
python3 - "$log" "$rc" <<'PY'
import json
import re
import sys

CASES = re.compile(
    r'^CASES (.+): (\d+) passed, (\d+) failed, (\d+) skipped\s*$', re.M)
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    if not line.strip():
        continue
    t = json.loads(line)
    out = (t.get('stdout') or '') + '\n' + (t.get('stderr') or '')
    found = CASES.findall(out)
    for _, p, f, s in found:
        passed += int(p)
        failed += int(f)
        skipped += int(s)
    result = t.get('result', 'ERROR')
    if result in ('OK', 'EXPECTEDFAIL'):
        passed += 0 if found else 1
    elif result == 'SKIP':
        skipped += 0 if found else 1
    elif not any(int(f) for _, _, f, _ in found):
        print('test.sh: %s ended %s without a failed case: counted as one'
              % (t.get('name', '?'), result))
        failed += 1
if failed == 0 and int(sys.argv[2]) != 0:
    print('test.sh: meson test exited %s' % sys.argv[2])
    failed = 1
summary = '%d passed, %d failed' % (passed, failed)
if skipped:
    summary += ', %d skipped' % skipped
print(summary)
sys.exit(1 if failed else 0)
PY
