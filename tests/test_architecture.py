"""The shape of the code: no import loop, models that import no views, apps that stay in their lanes.

The graph is built from the source with the standard `ast` module, counting every import, those inside
functions too, so a loop cannot hide behind a late import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "home", "ethics", "mapping")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def resolve(name, package, level, modules):
    """The module an import names, made absolute."""
    if level:
        base = package.split(".")
        base = base[: len(base) - level + 1]
        name = ".".join(base + ([name] if name else []))
    return name


class Imports(ast.NodeVisitor):
    """Every import of a module of ours in one file, with whether it sits inside a function."""

    def __init__(self, module, is_package, modules, lines):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.modules = modules
        self.lines = lines
        self.depth = 0
        self.found = []  # (target module, line number, inside a function)

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def add(self, target, node):
        while target and target not in self.modules:
            target = target.rpartition(".")[0]
        if target and target != self.module:
            self.found.append((target, node.lineno, self.depth > 0))

    def visit_Import(self, node):
        for alias in node.names:
            self.add(alias.name, node)

    def visit_ImportFrom(self, node):
        base = resolve(node.module or "", self.package, node.level, self.modules)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            self.add(submodule if submodule in self.modules else base, node)


def build_graph():
    files = {module_name(path): path for path in source_files()}
    modules = set(files)
    graph, late = {}, []
    for module, path in files.items():
        text = path.read_text(encoding="utf-8")
        visitor = Imports(module, path.name == "__init__.py", modules, text.splitlines())
        visitor.visit(ast.parse(text, filename=str(path)))
        graph[module] = {target for target, _line, _late in visitor.found}
        late += [(module, path, line, target) for target, line, inside in visitor.found if inside]
    return graph, late


def strongly_connected(graph):
    """Tarjan's algorithm: the groups of nodes that reach each other."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [group for group in groups if len(group) > 1]


def part(module):
    """What a module belongs to: a sub-package of an app (`mapping.reports`), else the module itself.

    A package's own `__init__` belongs to the package.
    """
    parts = module.split(".")
    candidate = ".".join(parts[:2])
    return candidate if (ROOT / Path(*parts[:2])).is_dir() else module


def collapse(graph, key):
    collapsed = {}
    for module, targets in graph.items():
        source = key(module)
        collapsed.setdefault(source, set()).update(key(t) for t in targets if key(t) != source)
    return collapsed


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def test_the_graph_is_read(graph):
    modules, _late = graph
    assert "mapping.models.issues" in modules
    assert "mapping.models.issues" in modules["mapping.map.views"] or any(
        target.startswith("mapping.models") for target in modules["mapping.map.views"]
    )


def test_no_module_import_loop(graph):
    modules, _late = graph
    assert strongly_connected(modules) == []


def test_no_loop_between_the_parts_of_an_app(graph):
    """`mapping.models` ↔ `mapping.map` would be a loop even if no two files formed one."""
    modules, _late = graph
    assert strongly_connected(collapse(modules, part)) == []


def test_no_loop_between_apps(graph):
    modules, _late = graph
    assert strongly_connected(collapse(modules, lambda module: module.split(".")[0])) == []


def test_apps_import_portal_and_only_the_map_block_of_mapping(graph):
    """Apps import from portal, never from each other, except that any app may embed mapping's MapBlock."""
    modules, _late = graph
    crossing = []
    for module, targets in modules.items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other in (app, "portal") or target == "mapping.map.blocks":
                continue
            crossing.append(f"{module} → {target}")
    assert crossing == []


def test_models_import_no_views(graph):
    modules, _late = graph
    view_like = (".views", ".api", ".feeds", ".forms", ".viewsets", ".wagtail_hooks", ".urls")
    offending = [
        f"{module} → {target}"
        for module, targets in modules.items()
        if module.endswith(".models") or ".models." in module
        for target in targets
        if target.endswith(view_like) or any(f"{suffix}." in target for suffix in view_like)
    ]
    assert offending == []


def test_late_imports_say_why(graph):
    """An import inside a function is for app loading (in apps.py), or carries a comment saying why."""
    _modules, late = graph
    unexplained = []
    for module, path, line, target in late:
        if path.name == "apps.py":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        above = " ".join(lines[max(0, line - 3) : line - 1])
        if "#" not in above:
            unexplained.append(f"{module}:{line} imports {target}")
    assert unexplained == []


def test_modules_stay_small():
    """About 400 lines a module: a longer one wants splitting by part of the domain."""
    long_modules = [
        f"{module_name(path)} ({count} lines)"
        for path in source_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 420
    ]
    assert long_modules == []
