#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Calls and includes between the source files of app/ and lib/, and their
circles.

File A calls file B when A's object refers to a function B's object
defines (from nm); header A includes header B when it says #include "B".
A circle is a set of two or more files each reaching the others. Prints
the circles found and exits 1 if there is one, 0 otherwise.

usage: scripts/layers.py BUILD_DIR
"""

import json
import os
import re
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(['nm', obj], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TDBR':
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == 'U':
            used.add(parts[1])
    return defined, used


def call_graph(build):
    """File -> files it calls, from the objects the build compiles for the
    executable and the shared libraries (compile_commands.json)."""
    cmds = json.load(open(os.path.join(build, 'compile_commands.json')))
    objs = {}
    for c in cmds:
        out = os.path.join(build, c['output'])
        if ('dpdk-carp.p' in out and 'test' not in out) or \
           re.search(r'lib/(carp|arpbal)/lib\w+\.so\.', out):
            objs[out] = os.path.basename(c['file'])
    syms = {o: symbols(o) for o in objs}
    owner = {}
    for o, (d, _) in syms.items():
        for s in d:
            owner[s] = objs[o]
    graph = {}
    for o, (_, u) in syms.items():
        graph.setdefault(objs[o], set()).update(
            owner[s] for s in u if s in owner and owner[s] != objs[o])
    return graph


def include_graph(top):
    graph = {}
    for d in ('app', 'lib'):
        for root, _, files in os.walk(os.path.join(top, d)):
            for f in files:
                if f.endswith('.h'):
                    text = open(os.path.join(root, f)).read()
                    graph.setdefault(f, set()).update(
                        i for i in re.findall(r'#include "([^"]+)"', text)
                        if i != f)
    return graph


def circles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bad = 0
    # The finder must see a circle where there is one.
    if circles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) != \
            [['a', 'b', 'c']]:
        print('layers.py: the circle finder is broken')
        return 2
    for what, graph in (('calls', call_graph(build)),
                        ('includes', include_graph(top))):
        found = circles(graph)
        edges = sum(len(v) for v in graph.values())
        print('%s: %d files, %d edges, %d circle(s)' %
              (what, len(graph), edges, len(found)))
        for c in found:
            print('  circle: ' + ' <-> '.join(c))
        bad += len(found)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
