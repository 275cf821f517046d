#!/usr/bin/env python3
"""Summarises a run.sh results directory: tests, build times, workload times (medians over rounds)."""
import glob, math, os, re, statistics, sys

res = sys.argv[1]
crates = [c.split("=") for c in sys.argv[2:]]
out = []
p = out.append


def gmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def read(path, default=""):
    try:
        return open(path).read()
    except OSError:
        return default


p(read(os.path.join(res, "env.txt")).rstrip())
p("")
p("## Annotation")
for name, ver in crates:
    last = read(os.path.join(res, f"{name}.annotate.txt")).strip().splitlines()
    p(f"{name} {ver}: {last[-1] if last else '?'}")

p("")
p("## The crates' own tests (cargo test, debug profile)")
errors = []
for name, ver in crates:
    for v in ("plain", "annotated"):
        log = read(os.path.join(res, f"{name}.test.{v}.log"))
        rc = read(os.path.join(res, f"{name}.test.{v}.rc"), "?").strip()
        tot = [0, 0, 0]
        suites = 0
        for m in re.finditer(r"^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored", log, re.M):
            suites += 1
            for i in range(3):
                tot[i] += int(m.group(i + 1))
        p(f"{name} {ver} {v:9}: exit {rc}, {tot[0]} passed, {tot[1]} failed, {tot[2]} ignored ({suites} test binaries incl. doctests)")
        if rc not in ("0", "?"):
            lines = log.splitlines()
            first = next((i for i, l in enumerate(lines) if l.startswith("error")), max(0, len(lines) - 30))
            errors.append((f"{name} {ver} cargo test ({v})", lines[first:first + 30]))

p("")
p("## Release build time (cargo build --release; wall s / CPU s = user+sys; built under nice -n 19 on a shared 2-core machine)")
p(f"{'crate':22} {'what':34} {'plain':>15} {'annotated':>15} {'ratio wall':>10} {'ratio CPU':>9}")
for name, ver in crates:
    rows = {}
    for line in read(os.path.join(res, f"{name}.ctime.txt")).splitlines():
        kind, v, real, user, sys_, rc = line.split()
        rows.setdefault((kind, v), []).append((float(real), float(user) + float(sys_), rc))
    for kind, what in (("full", "clean target, deps included (1x)"), ("crate", "the crate alone (median)")):
        a, b = rows.get((kind, "plain"), []), rows.get((kind, "annotated"), [])
        if not a or not b:
            continue
        aw, ac = statistics.median(x[0] for x in a), statistics.median(x[1] for x in a)
        bw, bc = statistics.median(x[0] for x in b), statistics.median(x[1] for x in b)
        bad = [x[2] for x in a + b if x[2] != "rc=0"]
        note = f"  FAILED ({bad[0]})" if bad else ""
        p(f"{name:22} {what:34} {aw:6.2f}/{ac:6.2f}s {bw:6.2f}/{bc:6.2f}s {bw / aw:10.2f} {bc / ac:9.2f}{note}")
    for v in ("plain", "annotated"):
        blog = read(os.path.join(res, f"{name}.build.{v}.log"))
        if re.search(r"^error", blog, re.M):
            lines = blog.splitlines()
            first = next(i for i, l in enumerate(lines) if l.startswith("error"))
            errors.append((f"{name} {ver} cargo build --release ({v})", lines[first:first + 30]))

p("")
p("## Workloads (thread-CPU ns per call; the three copies interleaved in one process, see harness/common.rs)")
p("ratio = median over rounds (all layouts pooled) of annotated / plain in the round; A/A = the same of plain2 / plain")
p("(a second plain copy at other addresses: the noise floor, layout included); p10..p90: the spread of the per-round")
p("annotated / plain; 'layout N alone': the geometric mean over this layout's rounds only (run.sh, step 5)")
p(f"{'crate':22} {'workload':30} {'plain ns':>12} {'annot ns':>12} {'ratio':>7} {'A/A':>7} {'p10..p90':>13} {'rounds':>6}")
all_r, all_aa, all_wr, all_waa = [], [], [], []
per_layout = {}  # layout -> (ratios, A/A ratios) of every crate's workloads


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


for name, ver in crates:
    rounds = {}  # workload -> (file, round) -> copy -> (cpu, wall)
    sums = {}  # workload -> copy -> checksums
    order = []
    layout_of = {}  # file -> the harness layout it ran (run.sh, step 5)
    for f in sorted(glob.glob(os.path.join(res, f"{name}.run.*.txt"))):
        for line in read(f).splitlines():
            parts = line.split()
            if parts[:1] == ["LAYOUT"]:
                layout_of[f] = parts[1]
            elif parts[:1] == ["CHECK"]:
                sums.setdefault(parts[1], {}).setdefault(parts[2], set()).add(parts[3])
            elif parts[:1] == ["SAMPLE"]:
                w, rnd, copy, cpu, wall = parts[1], parts[2], parts[3], float(parts[4]), float(parts[5])
                if w not in rounds:
                    order.append(w)
                rounds.setdefault(w, {}).setdefault((f, rnd), {})[copy] = (cpu, wall)
    hrc = read(os.path.join(res, f"{name}.harness.rc"), "?").strip()
    if hrc not in ("0", "?"):
        lines = read(os.path.join(res, f"{name}.harness.log")).splitlines()
        first = next((i for i, l in enumerate(lines) if l.startswith("error")), max(0, len(lines) - 30))
        errors.append((f"{name} {ver} harness build", lines[first:first + 30]))
    if not rounds:
        p(f"{name:22} (no results)")
        continue
    cr, caa, wr, waa = [], [], [], []
    for w in order:
        full = [c for c in rounds[w].values() if len(c) == 3]
        ratio = [c["annotated"][0] / c["plain"][0] for c in full]
        aa = [c["plain2"][0] / c["plain"][0] for c in full]
        pl = statistics.median(c["plain"][0] for c in full)
        an = statistics.median(c["annotated"][0] for c in full)
        copies = sums.get(w, {})
        same = len(set().union(*copies.values())) == 1 if copies else False
        ck = "" if same else "  CHECKSUMS DIFFER"
        r, a = statistics.median(ratio), statistics.median(aa)
        p(f"{name:22} {w:30} {pl:12.1f} {an:12.1f} {r:7.3f} {a:7.3f} {pct(ratio, 0.1):6.3f}..{pct(ratio, 0.9):5.3f} {len(full):6}{ck}")
        cr.append(r)
        caa.append(a)
        wr.append(statistics.median(c["annotated"][1] / c["plain"][1] for c in full))
        waa.append(statistics.median(c["plain2"][1] / c["plain"][1] for c in full))
    all_r += cr
    all_aa += caa
    all_wr += wr
    all_waa += waa
    p(f"{name:22} {'GEOMEAN':30} {'':12} {'':12} {gmean(cr):7.3f} {gmean(caa):7.3f}")
    p(f"{name:22} {'GEOMEAN of wall-clock times':30} {'':12} {'':12} {gmean(wr):7.3f} {gmean(waa):7.3f}")
    # Each layout alone (the copies' code at other addresses): how much of a figure is placement.
    for layout in sorted(set(layout_of.values())):
        lr, laa = [], []
        for w in order:
            full = [c for (f, _), c in rounds[w].items() if len(c) == 3 and layout_of.get(f) == layout]
            if full:
                lr.append(statistics.median(c["annotated"][0] / c["plain"][0] for c in full))
                laa.append(statistics.median(c["plain2"][0] / c["plain"][0] for c in full))
        per_layout.setdefault(layout, ([], []))
        per_layout[layout][0].extend(lr)
        per_layout[layout][1].extend(laa)
        p(f"{name:22} {'GEOMEAN, layout ' + layout + ' alone':30} {'':12} {'':12} {gmean(lr):7.3f} {gmean(laa):7.3f}")
p(f"{'ALL':22} {'GEOMEAN':30} {'':12} {'':12} {gmean(all_r):7.3f} {gmean(all_aa):7.3f}")
if all_wr:
    p(f"{'ALL':22} {'GEOMEAN of wall-clock times':30} {'':12} {'':12} {gmean(all_wr):7.3f} {gmean(all_waa):7.3f}")
for layout, (lr, laa) in sorted(per_layout.items()):
    p(f"{'ALL':22} {'GEOMEAN, layout ' + layout + ' alone':30} {'':12} {'':12} {gmean(lr):7.3f} {gmean(laa):7.3f}")

if errors:
    p("")
    p("## Errors (first 30 lines each)")
    for what, lines in errors:
        p(f"--- {what}")
        out.extend(lines)
print("\n".join(out))
