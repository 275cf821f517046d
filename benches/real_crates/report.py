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
        if rc != "0":
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
p("## Workloads (thread-CPU ns per call: median over rounds of each process's median of 9 samples)")
p("ratio = annotated / plain; A/A = plain2 / plain (a second, separately built plain copy: the noise floor)")
p(f"{'crate':22} {'workload':30} {'plain ns':>12} {'annot ns':>12} {'ratio':>7} {'A/A':>7} {'ratio min..max over rounds':>27}")
all_r, all_aa, all_wr, all_waa = [], [], [], []
for name, ver in crates:
    data = {}  # variant -> workload -> {round: thread-CPU ns}
    wall = {}  # the same, wall-clock ns
    sums = {}
    for f in sorted(glob.glob(os.path.join(res, f"{name}.run.*.*.txt"))):
        v = f.split(".run.")[1].split(".")[0]
        rnd = int(f.split(".")[-2])
        for line in read(f).splitlines():
            if line.startswith("RESULT "):
                parts = line.split()
                w, ns, ck = parts[1], parts[2], parts[3]
                data.setdefault(v, {}).setdefault(w, {})[rnd] = float(ns)
                if len(parts) > 4:
                    wall.setdefault(v, {}).setdefault(w, {})[rnd] = float(parts[4])
                sums.setdefault(w, set()).add(ck)
    if "plain" not in data:
        p(f"{name:22} (no plain results)")
        continue
    cr, caa = [], []
    for w, byr in data["plain"].items():
        pl = statistics.median(byr.values())
        an = data.get("annotated", {}).get(w)
        aa = data.get("plain2", {}).get(w)
        anm = statistics.median(an.values()) if an else float("nan")
        aam = statistics.median(aa.values()) if aa else float("nan")
        per = sorted(an[r] / byr[r] for r in byr if an and r in an)
        rng = f"{per[0]:.3f}..{per[-1]:.3f}" if per else ""
        ck = "" if len(sums[w]) == 1 else "  CHECKSUMS DIFFER"
        p(f"{name:22} {w:30} {pl:12.1f} {anm:12.1f} {anm / pl:7.3f} {aam / pl:7.3f} {rng:>27}{ck}")
        if an:
            cr.append(anm / pl)
        if aa:
            caa.append(aam / pl)
    all_r += cr
    all_aa += caa
    p(f"{name:22} {'GEOMEAN':30} {'':12} {'':12} {gmean(cr):7.3f} {gmean(caa):7.3f}")
    wr, waa = [], []
    for w, byr in wall.get("plain", {}).items():
        pl = statistics.median(byr.values())
        if w in wall.get("annotated", {}):
            wr.append(statistics.median(wall["annotated"][w].values()) / pl)
        if w in wall.get("plain2", {}):
            waa.append(statistics.median(wall["plain2"][w].values()) / pl)
    all_wr += wr
    all_waa += waa
    if wr:
        p(f"{name:22} {'GEOMEAN of wall-clock times':30} {'':12} {'':12} {gmean(wr):7.3f} {gmean(waa):7.3f}")
p(f"{'ALL':22} {'GEOMEAN':30} {'':12} {'':12} {gmean(all_r):7.3f} {gmean(all_aa):7.3f}")
if all_wr:
    p(f"{'ALL':22} {'GEOMEAN of wall-clock times':30} {'':12} {'':12} {gmean(all_wr):7.3f} {gmean(all_waa):7.3f}")

if errors:
    p("")
    p("## Errors (first 30 lines each)")
    for what, lines in errors:
        p(f"--- {what}")
        out.extend(lines)
print("\n".join(out))
