#!/usr/bin/env python3
"""Lists the imports between the files of threadmgr/src and fails on a cycle.

An edge A -> B means that file A names an item of file B: `use crate::b::..`, a path
`crate::b::..`, `super::..` or `self::..` written in A, or `use b::..` of a module `b` that A
declares. A module's `mod.rs` declaring a child (`mod task;`) is not an edge. Prints the edges
with `--list`; exits 1, printing each cycle, if the graph has one.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "threadmgr", "src")


def modules():
    """Module path (a tuple) -> file, for every .rs file under ROOT."""
    found = {}
    for dirpath, _, files in os.walk(ROOT):
        for name in files:
            if not name.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ("lib", "mod"):
                parts = parts[:-1]
            found[tuple(parts)] = rel
    # `#[path = "file.rs"] mod name;` declares module `name` in another file.
    for key, rel in list(found.items()):
        text = open(os.path.join(ROOT, rel)).read()
        for m in re.finditer(r'#\[path\s*=\s*"([^"]+)\.rs"\]\s*(?:pub(?:\([a-z]+\))?\s+)?mod\s+(\w+)\s*;', text):
            other = tuple(os.path.normpath(os.path.join(os.path.dirname(rel), m.group(1))).split(os.sep))
            if other in found:
                found[key + (m.group(2),)] = found.pop(other)
    return found


def strip(text):
    """The text without comments and string literals (doc examples name crate paths too)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def paths(text):
    """Every path that starts with `crate`, `super` or `self`, braces of `use` expanded."""
    out = []
    for m in re.finditer(r"\b(crate|super|self)\s*::", text):
        out.extend(expand(text, m.start()))
    return out


def expand(text, start):
    """The paths of the `use` tree (or plain path) at `start`."""
    # Read a path tree: segments separated by ::, a brace group of trees at the end.
    i, segs = start, []
    while True:
        m = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*|\*)\s*").match(text, i)
        if not m:
            break
        segs.append(m.group(1))
        i = m.end()
        if text.startswith("::", i):
            i += 2
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and text[j] == "{":
                depth, k = 0, j
                while k < len(text):
                    if text[k] == "{":
                        depth += 1
                    elif text[k] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                inner = text[j + 1 : k]
                result = []
                for part in split_top(inner):
                    part = part.strip()
                    if not part:
                        continue
                    sub = expand(part, 0) if re.match(r"[A-Za-z_*]", part) else []
                    result.extend(segs + s for s in sub)
                return result or [segs]
            continue
        break
    return [segs]


def split_top(inner):
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def resolve(path, here, mods, reexports=None):
    """The module (a key of `mods`) that `path`, written in module `here`, names an item of; an
    item that a module only re-exports (`pub use`) resolves to the module that defines it."""
    segs = list(path)
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        base = list(here)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        base = list(here)
    best, rest = tuple(base), segs
    for n in range(len(segs) + 1):
        candidate = tuple(base + segs[:n])
        if candidate in mods:
            best, rest = candidate, segs[n:]
    if best not in mods:
        return None
    seen = set()
    while reexports and rest and (best, rest[0]) in reexports and (best, rest[0]) not in seen:
        seen.add((best, rest[0]))
        best = reexports[(best, rest[0])]
    return best


def main():
    mods = modules()
    # (module, name) -> the module a `pub use` in `module` takes `name` from.
    reexports = {}
    for mod, rel in mods.items():
        text = strip(open(os.path.join(ROOT, rel)).read())
        children = set(re.findall(r"\bmod\s+([a-z_][a-z0-9_]*)\s*;", text))
        for m in re.finditer(r"\bpub(?:\([a-z]+\))?\s+use\s+", text):
            for p in expand(text, m.end()):
                if p and p[0] not in ("crate", "super", "self") and p[0] not in children:
                    continue
                target = resolve(p, mod, mods)
                if target is not None and target != mod:
                    reexports[(mod, p[-1])] = target
    edges = {}
    for mod, rel in mods.items():
        text = strip(open(os.path.join(ROOT, rel)).read())
        # Drop `#[cfg(test)] mod tests { .. }` bodies: tests may look anywhere.
        cut = re.search(r"#\[cfg\(test\)\]\s*mod tests\s*\{", text)
        if cut:
            text = text[: cut.start()]
        children = set(re.findall(r"\bmod\s+([a-z_][a-z0-9_]*)\s*;", text))
        found = [p for p in paths(text)]
        for m in re.finditer(r"\buse\s+([a-z_][a-z0-9_]*)\s*::", text):
            if m.group(1) in children:
                found.extend(expand(text, m.start(1)))
        for p in found:
            target = resolve(p, mod, mods, reexports)
            if target is not None and target != mod and (mod, p[-1]) not in reexports:
                edges.setdefault(mod, set()).add(target)
    name = lambda m: mods[m]
    if "--list" in sys.argv:
        for a in sorted(edges, key=name):
            for b in sorted(edges[a], key=name):
                print(f"{name(a)} -> {name(b)}")
    cycles = find_cycles(edges)
    for members, cycle in cycles:
        print("files in a loop: " + ", ".join(sorted(map(name, members))))
        print("  for example: " + " -> ".join(name(m) for m in cycle + [cycle[0]]))
    if cycles:
        sys.exit(1)
    print(f"no cycle among the imports of {len(mods)} files ({sum(map(len, edges.values()))} edges)")


def find_cycles(edges):
    """One cycle per strongly connected component with more than one file (Tarjan)."""
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    for v in list(edges):
        if v not in index:
            visit(v)
    cycles = []
    for comp in comps:
        members = set(comp)
        # A shortest cycle through the first member, by breadth-first search.
        start = sorted(comp)[0]
        prev, queue, found = {start: None}, [start], None
        while queue and found is None:
            v = queue.pop(0)
            for w in sorted(edges.get(v, ())):
                if w == start:
                    found = v
                    break
                if w in members and w not in prev:
                    prev[w] = v
                    queue.append(w)
        cycle, v = [], found
        while v is not None:
            cycle.append(v)
            v = prev[v]
        cycles.append((comp, list(reversed(cycle))))
    return cycles


if __name__ == "__main__":
    main()
