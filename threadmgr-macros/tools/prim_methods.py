#!/usr/bin/env python3
"""Generates threadmgr-macros/src/prims/table.rs: the methods and associated fns that `std`
documents for each primitive type, with their receivers and return types, plus the prelude
traits' methods core implements for them (see src/prims.rs).

Usage: python3 threadmgr-macros/tools/prim_methods.py [DOC_DIR]
DOC_DIR: the toolchain's rust-docs `std` directory (default: that of the 1.95.0 toolchain),
e.g. ~/.rustup/toolchains/1.95.0-x86_64-unknown-linux-gnu/share/doc/rust/html/std/
"""
import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
D = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    "~/.rustup/toolchains/1.95.0-x86_64-unknown-linux-gnu/share/doc/rust/html/std/")
PRIMS = ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
         "f32", "f64", "bool", "char"]

# The workspace's rust-version (MSRV), from the root Cargo.toml.
_toml = open(os.path.join(HERE, "..", "..", "Cargo.toml")).read()
MSRV = tuple(int(x) for x in re.search(r'rust-version\s*=\s*"([0-9]+)\.([0-9]+)', _toml).groups())

# Every inherent method and associated fn documented on each primitive's page, as its header.
m = {}
unstable = []
for t in PRIMS:
    s = open(os.path.join(D, f"primitive.{t}.html")).read()
    cut = s.find('id="trait-implementations"')
    inherent = s[:cut] if cut > 0 else s
    methods = {}
    for sec in re.finditer(r'<section id="method\.([a-z0-9_]+)" class="method">(.*?)</section>',
                           inherent, re.S):
        h = re.search(r'<h4 class="code-header">(.*?)</h4>', sec.group(2), re.S)
        since = re.search(r'Stable since Rust version ([0-9]+)\.([0-9]+)', sec.group(2))
        if not h:
            continue
        # Only methods stable at the workspace's rust-version: on a compiler where an inherent
        # method is still unstable, a user's trait method of that name is called instead
        # (rustc's `unstable_name_collisions`).
        if not since or (int(since.group(1)), int(since.group(2))) > MSRV:
            unstable.append((t, sec.group(1)))
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", h.group(1)))
        methods[sec.group(1)] = re.sub(r"\s+", " ", text)
    m[t] = methods

# Generic methods (a closure, a user's iterator) are left out: they may call user code; and
# those taking a slice or a string (from_str_radix), whose time has no bound.
rows=[]
skipped=[]
for t in PRIMS:
    for name,sig in m[t].items():
        head=sig.split('(')[0]
        if '<' in head or 'impl ' in sig or 'where' in sig:
            skipped.append((t,name)); continue
        # A slice or a string takes time in proportion to its length (from_str_radix).
        if re.search(r'&(mut )?\[|&str', sig.split('(', 1)[1]):
            skipped.append((t,name)); continue
        ret=sig.split('->')[-1].strip() if '->' in sig else '()'
        ret=ret.replace('ⓘ','').strip()
        if ret in ('Self', t): r='Ret::Same'
        elif ret in PRIMS: r=f'Ret::Prim("{ret}")'
        # An `Option` or `Result` of a primitive (`checked_add`, `to_digit`): its own
        # by-value methods that call no code of the caller's are core's too (see prims.rs).
        # A `Result`'s error type is core's, as every type in these signatures is.
        elif ret in ('Option<Self>', f'Option<{t}>'): r='Ret::OptionSame'
        elif re.fullmatch(r'Option<([a-z0-9]+)>', ret) and ret[7:-1] in PRIMS: r=f'Ret::Option("{ret[7:-1]}")'
        elif re.fullmatch(rf'Result<(Self|{t}), [A-Za-z]+>', ret): r='Ret::ResultSame'
        else: r='Ret::Other'
        args=sig.split('(',1)[1]
        recv='Recv::Value' if re.match(r'(mut )?self\b', args) else ('Recv::Ref' if re.match(r'&(mut )?self\b', args) else 'Recv::None')
        rows.append((t,name,r,'Args::Fixed',recv))
# The prelude traits' methods that core implements for the primitives: (name, returns,
# arguments, receiver). `Ord` is not implemented for floats (their min/max/clamp are inherent).
ORD = [
    ("cmp", "Ret::Other", "Args::Fixed", "Recv::Ref"),
    ("max", "Ret::Same", "Args::Fixed", "Recv::Value"),
    ("min", "Ret::Same", "Args::Fixed", "Recv::Value"),
    ("clamp", "Ret::Same", "Args::Fixed", "Recv::Value"),
]
# PartialEq<Rhs>, PartialOrd<Rhs>, From<T>, TryFrom<T> are generic: their argument must be a
# primitive too (Args::Prim), as a user may implement them for a type of their own.
PRELUDE = [
    ("partial_cmp", "Ret::Other", "Args::Prim", "Recv::Ref"),
    ("lt", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("le", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("gt", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("ge", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("eq", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("ne", 'Ret::Prim("bool")', "Args::Prim", "Recv::Ref"),
    ("clone", "Ret::Same", "Args::Fixed", "Recv::Ref"),
    ("default", "Ret::Same", "Args::Fixed", "Recv::None"),
    ("from", "Ret::Same", "Args::Prim", "Recv::None"),
    ("try_from", "Ret::ResultSame", "Args::Prim", "Recv::None"),
]
for t in PRIMS:
    inherent = {n for (tt, n, _, _, _) in rows if tt == t}
    extra = (ORD if t not in ("f32", "f64") else []) + PRELUDE
    for n, r, a, rv in extra:
        if n not in inherent:
            rows.append((t, n, r, a, rv))
rows.sort()
with open(os.path.join(HERE, '..', 'src', 'prims', 'table.rs'), 'w') as f:
    f.write('//! Generated by `threadmgr-macros/tools/prim_methods.py` from the documentation of Rust 1.95\'s\n')
    f.write('//! `std` (`share/doc/rust/html/std/primitive.*.html`): see [`super`]. Do not edit by hand.\n\n')
    f.write('use super::{Args, Recv, Ret};\n\n')
    f.write('/// `(type, method, its receiver, what it returns, what its arguments may be)`, sorted.\n')
    f.write('#[rustfmt::skip]\n')
    f.write('pub(super) const METHODS: &[(&str, &str, Recv, Ret, Args)] = &[\n')
    for t,n,r,a,rv in rows:
        f.write(f'    ("{t}", "{n}", {rv}, {r}, {a}),\n')
    f.write('];\n')
print(len(rows), 'entries;', len(skipped), 'generic or slice-taking and', len(unstable), 'not stable at', MSRV, 'left out')
