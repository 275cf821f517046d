#!/usr/bin/env bash
# Instructions executed per kernel, haltable / plain (and twin / plain), for a kernel suite
# (wild, fresh, blind), counted by callgrind: the same from run to run, where times on a shared
# machine are not. Instructions are not time (a check is a fused compare and branch; a lost
# vectorization is fewer, wider instructions), so this finds where the instrumentation adds
# work, and the timed table (`cargo bench --bench SUITE`) says what it costs. The haltable counts
# are an upper bound: a chunked loop sizes its chunks by time, and under valgrind a chunk takes
# some 50 times as long, so sites learn shorter chunks than natively (more boundaries), and an
# innermost loop whose runs fit one native chunk may run its chunked copy instead of the copy as
# written (seen on strsim's `generic_levenshtein`: 23 instructions a cell under callgrind, 20
# natively, the loop as written).
#
#   benches/instructions.sh fresh [calls]    # calls per kernel and copy, default 3
#
# Needs valgrind and python3. Kernels are #[inline(never)] fns named `<suite>::<copy>::<kernel>`;
# the count is inclusive (the kernel and all it calls), summed over the calls, inside a job.
set -euo pipefail
SUITE=${1:?usage: benches/instructions.sh SUITE [calls]}
CALLS=${2:-3}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=$(cargo bench --bench "$SUITE" --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$SUITE")
OUT=$(mktemp -d)
valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" --once "$CALLS" >/dev/null 2>"$OUT/log"
callgrind_annotate --inclusive=yes --threshold=100 "$OUT/cg" | python3 -c '
import math, re, sys
counts = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*?::(plain|twin|haltable)::([A-Za-z_0-9]+) \[", line)
    if m:
        counts.setdefault(m.group(3), {})[m.group(2)] = int(m.group(1).replace(",", ""))
rows = [(k, v) for k, v in counts.items() if len(v) == 3]
rows.sort(key=lambda kv: -kv[1]["haltable"] / kv[1]["plain"])
print(f"| kernel | plain instructions | haltable/plain | twin/plain |")
print(f"|---|---:|---:|---:|")
for k, v in rows:
    p, h, t = v["plain"], v["haltable"], v["twin"]
    print(f"| {k} | {p:,} | {h / p:.3f} | {t / p:.3f} |")
g = lambda key: math.exp(sum(math.log(v[key] / v["plain"]) for _, v in rows) / len(rows))
gh, gt = g("haltable"), g("twin")
print(f"| **geometric mean** ({len(rows)} fns) | | **{gh:.3f}** | {gt:.3f} |")
'
rm -rf "$OUT"
