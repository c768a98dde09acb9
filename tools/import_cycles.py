"""The import cycles of a package, counting imports inside functions.

    python tools/import_cycles.py [--max N] [--exclude autograd_nb.jupyter] [package_dir]

Reads every module's source (no import is run), takes every import statement wherever it is
(module level, functions, classes), and prints the strongly connected components of more than
one module, largest first. An import names the most specific module it reaches, as grimp (and so
import-linter) does: ``from .x import y`` is an edge to ``x.y`` when that is a module, else to
``x``. With ``--max N`` the exit status is 1 when a component outside the excluded packages has
more than N modules.
"""
import argparse
import ast
import os
import sys


def modules_of(root):
    """{dotted name: path} for every .py file under the package directory ``root``."""
    base = os.path.dirname(os.path.abspath(root))
    found = {}
    for folder, _, files in os.walk(root):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                parts = os.path.relpath(path, base)[:-3].split(os.sep)
                if parts[-1] == "__init__":
                    parts.pop()
                found[".".join(parts)] = path
    return found


def imports_of(name, path, known):
    """The known modules that module ``name`` imports anywhere in its source."""
    is_package = path.endswith("__init__.py")
    package = name if is_package else name.rpartition(".")[0]
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                source = ".".join(anchor + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                targets.add(sub if sub in known else source)
    edges = set()
    for target in targets:
        while target and target not in known:  # import a.b.c of a non-module c: a.b
            target = target.rpartition(".")[0]
        if target and target != name:
            edges.add(target)
    return edges


def components(graph):
    """Strongly connected components (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    result.append(sorted(component))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default="autograd_nb")
    parser.add_argument("--max", type=int, default=None)
    parser.add_argument("--exclude", action="append", default=[])
    args = parser.parse_args(argv)
    known = modules_of(args.package)
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    cycles = sorted((c for c in components(graph) if len(c) > 1), key=len, reverse=True)
    too_big = 0
    for cycle in cycles:
        excluded = any(m == p or m.startswith(p + ".") for m in cycle for p in args.exclude)
        print(f"{len(cycle)} modules{' (excluded)' if excluded else ''}: {', '.join(cycle)}")
        if args.max is not None and not excluded and len(cycle) > args.max:
            too_big = max(too_big, len(cycle))
    print(f"{len(known)} modules, {len(cycles)} cycles")
    if too_big:
        print(f"a cycle of {too_big} modules is larger than --max {args.max}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
