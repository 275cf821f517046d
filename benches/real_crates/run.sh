#!/usr/bin/env bash
# Measures #[threadmgr::haltable] on real crates from crates.io: every fn annotated, the crate's
# own tests run on the annotated copy, workloads timed plain vs annotated (with a plain vs plain
# A/A floor), and release build times compared. See README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MAIN=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/realcrates}
TGT=${TGT:-/tmp/realcrates-target}
ROUNDS=${ROUNDS:-3}
# How many code layouts the harness is built in (see step 5); process r runs layout ((r-1) % LAYOUTS) + 1.
LAYOUTS=${LAYOUTS:-3}
export HARNESS_ROUNDS=${HARNESS_ROUNDS:-21}
CTIME_REPS=${CTIME_REPS:-3}
# Which steps to run per crate (tests, ctime, bench); KEEP_RESULTS=1 keeps earlier results;
# KEEP_TEST_TARGET=1 keeps the tests' build target (cleared after each crate otherwise).
STEPS=" ${STEPS:-tests ctime bench} "
# name=version, pinned.
CRATES=${CRATES:-"strsim=0.11.1 miniz_oxide=0.8.9 unicode-segmentation=1.13.3"}
# The main workspace's .cargo/config.toml code-alignment flags (x86_64), so numbers compare.
export RUSTFLAGS=${RUSTFLAGS:-"-C llvm-args=-align-loops=64 -C llvm-args=-x86-branches-within-32B-boundaries"}
export CARGO_TERM_COLOR=never
NICE=(nice -n 19)
TIMEFORMAT='%R %U %S'

log() { printf '\n=== %s\n' "$*" >&2; }
mkdir -p "$WORK" "$TGT"
RES="$WORK/results"
[[ "${KEEP_RESULTS:-0}" == 1 ]] || rm -rf "$RES"
mkdir -p "$RES"

# --- 0. A snapshot of threadmgr (the macro changes while we run; every build uses one copy) ----
# THREADMGR_REV: a commit of the main repo (default HEAD: the committed state, consistent and
# reproducible), or "worktree" for the files as they are now. THREADMGR=/path: that path as is.
SNAP="$WORK/threadmgr-snapshot"
REV=${THREADMGR_REV:-HEAD}
if [[ -n "${THREADMGR:-}" ]]; then
  TM="$THREADMGR"; SRCDESC="path $THREADMGR as is"
else
  log "snapshot of threadmgr ($REV) from $MAIN"
  rm -rf "$SNAP"; mkdir -p "$SNAP"
  if [[ "$REV" == worktree ]]; then
    cp -r "$MAIN/threadmgr" "$MAIN/threadmgr-macros" "$MAIN/Cargo.toml" "$MAIN/Cargo.lock" "$MAIN/README.md" "$SNAP/"
    rm -rf "$SNAP/threadmgr/target" "$SNAP/threadmgr-macros/target"
    SRCDESC="work tree at $(git -C "$MAIN" rev-parse --short HEAD) + uncommitted diff sha1 $(git -C "$MAIN" diff HEAD -- threadmgr threadmgr-macros | sha1sum | cut -c1-12)"
  else
    git -C "$MAIN" archive "$REV" threadmgr threadmgr-macros Cargo.toml Cargo.lock README.md | tar -x -C "$SNAP"
    SRCDESC="commit $(git -C "$MAIN" rev-parse --short "$REV") ($(git -C "$MAIN" log -1 --format=%s "$REV" | cut -c1-80))"
  fi
  python3 - "$SNAP/Cargo.toml" <<'PY2'
import re, sys
src = open(sys.argv[1]).read()
src = src.split("\n[package]", 1)[0]                       # workspace tables only
src = re.sub(r"members\s*=\s*\[[^\]]*\]", 'members = ["threadmgr", "threadmgr-macros"]', src, count=1)
open(sys.argv[1], "w").write(src + "\n")
PY2
  TM="$SNAP/threadmgr"
fi
{
  echo "threadmgr: $TM"
  echo "threadmgr source: $SRCDESC"
  echo "rustc: $(rustc --version)"
  echo "RUSTFLAGS: $RUSTFLAGS"
} > "$RES/env.$$.txt"
[[ -f "$RES/env.txt" ]] && ! cmp -s "$RES/env.txt" "$RES/env.$$.txt" && { echo "(a later invocation, STEPS=$STEPS CRATES=$CRATES:)"; cat "$RES/env.$$.txt"; } >> "$RES/env.txt"
[[ -f "$RES/env.txt" ]] || mv "$RES/env.$$.txt" "$RES/env.txt"
rm -f "$RES/env.$$.txt"
cat "$RES/env.txt" >&2

# --- 1. the annotate tool ----------------------------------------------------------------------
log "building annotate"
( cd "$HERE/annotate" && CARGO_TARGET_DIR="$TGT/annotate" "${NICE[@]}" cargo build --release -q )
ANNOTATE="$TGT/annotate/release/annotate"

# --- 2. fetch the pinned sources -----------------------------------------------------------------
log "fetching $CRATES"
FETCH="$WORK/fetch"; rm -rf "$FETCH"; mkdir -p "$FETCH/src"; : > "$FETCH/src/lib.rs"
{
  printf '[package]\nname = "realcrates-fetch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[workspace]\n[dependencies]\n'
  for nv in $CRATES; do printf '%s = "=%s"\n' "${nv%%=*}" "${nv#*=}"; done
} > "$FETCH/Cargo.toml"
( cd "$FETCH" && cargo fetch -q )
srcdir() { # name version -> the registry source dir
  ( cd "$FETCH" && cargo metadata --format-version 1 ) | python3 -c '
import json, os, sys
m = json.load(sys.stdin)
for p in m["packages"]:
    if p["name"] == sys.argv[1] and p["version"] == sys.argv[2]:
        print(os.path.dirname(p["manifest_path"])); break' "$1" "$2"
}

for nv in $CRATES; do
  name=${nv%%=*}; ver=${nv#*=}; lib=${name//-/_}
  D="$WORK/$name"; rm -rf "$D"; mkdir -p "$D"
  S=$(srcdir "$name" "$ver"); [[ -d "$S" ]] || { echo "no source for $name $ver" >&2; exit 1; }
  for v in plain plain2 annotated; do cp -r "$S" "$D/$v"; rm -f "$D/$v/.cargo-ok"; done
  log "$name $ver: annotating"
  if ! "$ANNOTATE" "$D/annotated" "$TM" 2>&1 | tee "$RES/$name.annotate.txt" >&2; then
    # A file syn cannot parse (edition 2015's anonymous trait parameters, `fn f(&self, u32);`)
    # leaves the crate half annotated: measure nothing of it, and say so in the report.
    why=$(grep -m1 '^annotate:' "$RES/$name.annotate.txt" || echo "annotate failed")
    echo "NOT MEASURED: $why" >> "$RES/$name.annotate.txt"
    log "$name: $why; skipped"
    continue
  fi
  diff -ru "$S" "$D/annotated" > "$RES/$name.annotated.diff" || true

  # --- 3. the crate's own tests, plain and annotated ---------------------------------------------
  for v in plain annotated; do
    [[ "$STEPS" == *" tests "* ]] || continue
    log "$name: cargo test ($v)"
    set +e
    ( cd "$D/$v" && CARGO_TARGET_DIR="$TGT/tests" "${NICE[@]}" cargo test 2>&1 ) > "$RES/$name.test.$v.log"
    echo $? > "$RES/$name.test.$v.rc"
    set -e
    grep -E '^test result:' "$RES/$name.test.$v.log" >&2 || true
  done
  # The test builds of every crate share one target (the annotated build reuses the plain one's
  # dependencies), which grows by gigabytes a crate: run after run, it filled this machine's
  # disk (62 GB in issue 11's thirty-third session). Cleared after each crate unless kept.
  if [[ "$STEPS" == *" tests "* && "${KEEP_TEST_TARGET:-0}" != 1 ]]; then rm -rf "$TGT/tests"; fi

  # --- 4. release build time, plain vs annotated, alternating --------------------------------------
  [[ "$STEPS" == *" ctime "* ]] && : > "$RES/$name.ctime.txt"
  for v in plain annotated; do   # clean target: everything, threadmgr's deps included
    [[ "$STEPS" == *" ctime "* ]] || continue
    T="$TGT/ctime-$name-$v"; rm -rf "$T"
    ( cd "$D/$v" && CARGO_TARGET_DIR="$T" cargo fetch -q 2>/dev/null || true )
    log "$name: clean release build ($v)"
    set +e
    t=$( { time ( cd "$D/$v" && CARGO_TARGET_DIR="$T" "${NICE[@]}" cargo build --release -q >"$RES/$name.build.$v.log" 2>&1 ); } 2>&1 )
    rc=$?
    set -e
    echo "full $v $t rc=$rc" >> "$RES/$name.ctime.txt"
  done
  for i in $(seq "$CTIME_REPS"); do   # the crate alone, its dependencies already built
    for v in plain annotated; do
      [[ "$STEPS" == *" ctime "* ]] || continue
      T="$TGT/ctime-$name-$v"
      ( cd "$D/$v" && CARGO_TARGET_DIR="$T" cargo clean --release -q -p "$name" )
      set +e
      t=$( { time ( cd "$D/$v" && CARGO_TARGET_DIR="$T" "${NICE[@]}" cargo build --release -q >/dev/null 2>&1 ); } 2>&1 )
      rc=$?
      set -e
      echo "crate $v $t rc=$rc" >> "$RES/$name.ctime.txt"
    done
  done

  # --- 5. the harness: one binary linking the three copies (plain, annotated, plain2) ------------
  # Built once per layout. The copies' monomorphized fns are placed in the binary in the order of
  # their symbol hashes, which follow each copy's version string, and where a hot loop lands
  # matters: on the AMD EPYC of issue 11's seventeenth session, strsim's `generic_levenshtein`
  # (`tokens_generic_levenshtein`) ran 1.27x slower in whichever copy had its DP loop across a
  # 64-byte line. With the alignment flags above that is the annotated copy in every layout (its
  # loop's exit jump is 4 bytes longer, the fn being bigger, and the padding that keeps the back
  # edge within 32 bytes then starts a new line); built without them, the same instructions were
  # slow in plain in one layout, in annotated and plain2 in another, in none in a third. So each
  # layout gives the copies other versions (`<ver>-<copy>-layout<s>`), the processes of step 6
  # take the layouts in turn, a workload's ratio is the median over all their rounds, and the
  # report gives each layout's geometric mean beside it.
  if [[ "$STEPS" == *" bench "* ]]; then
    H="$WORK/harness/$name"; rm -rf "$H"; mkdir -p "$H/src"
    cat > "$H/Cargo.toml" <<TOML
[package]
name = "realcrates-harness-$name"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[[bin]]
name = "h-$lib"
path = "src/main.rs"

[dependencies]
${lib}_plain = { package = "$name", path = "$D/plain" }
${lib}_annotated = { package = "$name", path = "$D/annotated" }
${lib}_plain2 = { package = "$name", path = "$D/plain2" }
threadmgr = { path = "$TM" }
TOML
    {
      echo "//! Generated by run.sh: the $name harness, once per copy of the crate (see common.rs)."
      echo "#[path = \"$HERE/harness/common.rs\"]"
      echo "mod common;"
      for v in plain annotated plain2; do
        echo "mod $v {"
        echo "    use ::${lib}_$v as $lib;"
        echo "    #[path = \"$HERE/harness/$lib.rs\"]"
        echo "    pub mod workloads;"
        echo "}"
      done
      echo "fn main() {"
      echo "    common::run(&[(\"plain\", plain::workloads::build), (\"annotated\", annotated::workloads::build), (\"plain2\", plain2::workloads::build)]);"
      echo "}"
    } > "$H/src/main.rs"
    : > "$RES/$name.harness.log"
    echo 0 > "$RES/$name.harness.rc"
    for s in $(seq "$LAYOUTS"); do
      # Distinct versions, so one lockfile can hold three packages of one name.
      for v in plain plain2 annotated; do
        python3 - "$D/$v/Cargo.toml" "$ver-$v-layout$s" <<'PY3'
import re, sys
src = open(sys.argv[1]).read()
head, sep, rest = src.partition("[package]")
rest = re.sub(r'(?m)^version = "[^"]*"', f'version = "{sys.argv[2]}"', rest, count=1)
open(sys.argv[1], "w").write(head + sep + rest)
PY3
      done
      rm -f "$H/Cargo.lock"
      log "$name: building the harness (layout $s of $LAYOUTS)"
      set +e
      ( cd "$H" && CARGO_TARGET_DIR="$TGT/harness" "${NICE[@]}" cargo build --release 2>&1 ) >> "$RES/$name.harness.log"
      rc=$?
      set -e
      if [[ $rc != 0 ]]; then echo $rc > "$RES/$name.harness.rc"; break; fi
      cp "$TGT/harness/release/h-$lib" "$TGT/harness/release/h-$lib.layout$s"
    done
  fi
done

# --- 6. the runs: ROUNDS processes per crate, each HARNESS_ROUNDS interleaved rounds --------------
if [[ "$STEPS" == *" bench "* ]]; then
  for nv in $CRATES; do rm -f "$RES/${nv%%=*}".run.*; done
fi
for r in $(seq "$ROUNDS"); do
  [[ "$STEPS" == *" bench "* ]] || break
  for nv in $CRATES; do
    name=${nv%%=*}; lib=${name//-/_}
    s=$(( (r - 1) % LAYOUTS + 1 ))
    B="$TGT/harness/release/h-$lib.layout$s"
    [[ -x "$B" && "$(cat "$RES/$name.harness.rc")" == 0 ]] || continue
    log "process $r/$ROUNDS: $name (layout $s)"
    { echo "LAYOUT $s"; "$B"; } > "$RES/$name.run.$r.txt"
  done
done

# --- 7. the report ---------------------------------------------------------------------------------
python3 "$HERE/report.py" "$RES" ${REPORT_CRATES:-$CRATES} | tee "$RES/report.txt"
cp "$RES/report.txt" "$HERE/last-report.txt"
