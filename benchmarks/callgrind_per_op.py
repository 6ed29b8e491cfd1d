#!/usr/bin/env python3
"""Instructions per operation by function, from two callgrind runs that differ only in how many operations they do.

    DOTNET_PerfMapEnabled=1 valgrind --tool=callgrind --callgrind-out-file=small.out <program> ... --gets 20000
    DOTNET_PerfMapEnabled=1 valgrind --tool=callgrind --callgrind-out-file=large.out <program> ... --gets 40000
    benchmarks/callgrind_per_op.py small.out large.out 20000 [--top 40] [--objects]

The difference of the two runs is the cost of the extra operations alone (start-up, JIT and warm-up cancel out), so
the figures do not depend on the machine's load. .NET's JIT-compiled code has no symbols for valgrind: its addresses
are named through the perf map the runtime writes with DOTNET_PerfMapEnabled=1 (/tmp/perf-<pid>.map, the pid is in
the callgrind file). Prints the total per operation, then each function's own (exclusive) and inclusive instructions
per operation, largest first. --objects prints each loaded object's (exclusive) instructions per operation instead:
libe_sqlite3, libc, the runtime, and "???" for code without a file (JIT-compiled and precompiled managed code, stubs).
"""
import bisect
import os
import re
import sys
from collections import defaultdict


def read_perf_map(pid):
    path = f"/tmp/perf-{pid}.map"
    entries = []
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 2)
                if len(parts) == 3:
                    try:
                        entries.append((int(parts[0], 16), int(parts[1], 16), parts[2]))
                    except ValueError:
                        pass
    entries.sort()
    return entries


def namer(entries):
    starts = [e[0] for e in entries]

    def name(raw):
        m = re.fullmatch(r"0x([0-9a-fA-F]+)", raw)
        if not m:
            return raw
        address = int(m.group(1), 16)
        i = bisect.bisect_right(starts, address) - 1
        if i >= 0 and address < entries[i][0] + max(entries[i][1], 1):
            return entries[i][2]
        return "[jit code, unnamed]"

    return name


def parse(path):
    """(exclusive, inclusive) instructions by function name, and the total, from a callgrind output file."""
    pid = None
    names = {"fn": {}, "cfn": {}, "ob": {}, "cob": {}, "fl": {}, "fi": {}, "fe": {}, "cfi": {}, "cfl": {}}
    fn_names = {}
    exclusive = defaultdict(int)
    called = defaultdict(int)  # cost of the calls each function makes
    by_object = defaultdict(int)  # exclusive cost by the object (file) the code is in
    current = None
    current_object = None
    in_call = False
    total = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("pid:"):
                pid = int(line.split()[1])
                continue
            m = re.match(r"^(fn|cfn|ob|cob|fl|fi|fe|cfi|cfl)=(?:\((\d+)\))?\s*(.*)$", line)
            if m:
                kind, ident, text = m.groups()
                # fn/cfn share one table of compressed names, and so do ob/cob (callgrind's format)
                table = fn_names if kind in ("fn", "cfn") else names["ob"] if kind in ("ob", "cob") else names[kind]
                if ident is not None and text:
                    table[ident] = text
                value = table.get(ident, text) if ident is not None else text
                if kind == "fn":
                    current = value
                elif kind == "ob":
                    current_object = value
                continue
            if line.startswith("calls="):
                in_call = True
                continue
            if line and (line[0].isdigit() or line[0] in "+-*"):
                fields = line.split()
                if len(fields) < 2:
                    continue
                cost = int(fields[1])
                if in_call:
                    called[current] += cost
                    in_call = False
                else:
                    exclusive[current] += cost
                    by_object[current_object] += cost
                    total += cost
    return pid, exclusive, called, total, by_object


def by_name(path):
    pid, exclusive, called, total, _ = parse(path)
    name = namer(read_perf_map(pid))
    excl = defaultdict(int)
    incl = defaultdict(int)
    for fn, cost in exclusive.items():
        excl[name(fn or "?")] += cost
        incl[name(fn or "?")] += cost
    for fn, cost in called.items():
        incl[name(fn or "?")] += cost
    return excl, incl, total


def main():
    args = sys.argv[1:]
    top = 40
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    objects = "--objects" in args
    if objects:
        args.remove("--objects")
    small, large, ops = args[0], args[1], int(args[2])
    if objects:
        small_objects, large_objects = parse(small)[4], parse(large)[4]
        for obj in sorted(set(small_objects) | set(large_objects), key=lambda o: small_objects.get(o, 0) - large_objects.get(o, 0)):
            per_op = (large_objects.get(obj, 0) - small_objects.get(obj, 0)) / ops
            if abs(per_op) >= 1:
                print(f"{per_op:8.0f}  {obj}")
        return
    excl_small, incl_small, total_small = by_name(small)
    excl_large, incl_large, total_large = by_name(large)
    print(f"instructions per operation: {(total_large - total_small) / ops:,.0f} "
          f"(runs: {total_small:,} and {total_large:,}, {ops:,} operations apart)")
    rows = []
    for fn in set(excl_small) | set(excl_large) | set(incl_small) | set(incl_large):
        e = (excl_large.get(fn, 0) - excl_small.get(fn, 0)) / ops
        n = (incl_large.get(fn, 0) - incl_small.get(fn, 0)) / ops
        rows.append((e, n, fn))
    print(f"{'own':>8} {'incl.':>8}  function (largest own cost first)")
    for e, n, fn in sorted(rows, reverse=True)[:top]:
        print(f"{e:8.0f} {n:8.0f}  {fn}")


if __name__ == "__main__":
    main()
