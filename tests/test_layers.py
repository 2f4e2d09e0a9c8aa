"""The house's floors: imports point down, and no module imports itself back.

    tasks        -> only akhbar.tasks
    warehouse    -> akhbar.tasks
    expectations -> akhbar.tasks
    flows        -> everything but the CLI
    akhbar.cli   -> everything

Read from the source (every ``import``, also inside functions), not from a running
interpreter, so a lazy import cannot hide an arrow.
"""

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LAYERS = {  # folder -> the akhbar packages its modules may import
    "tasks": {"akhbar.tasks"},
    "warehouse": {"akhbar.tasks", "akhbar.warehouse"},
    "expectations": {"akhbar.tasks", "akhbar.expectations"},
    "flows": {"akhbar", "akhbar.tasks", "akhbar.warehouse", "akhbar.expectations", "akhbar.flows"},
    "akhbar/cli": None,  # anything
}
PACKAGE = {
    "tasks": "akhbar.tasks",
    "warehouse": "akhbar.warehouse",
    "expectations": "akhbar.expectations",
    "flows": "akhbar.flows",
    "akhbar": "akhbar",
}


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    head = PACKAGE[parts[0]]
    rest = [p for p in parts[1:] if p != "__init__"]
    return ".".join([head, *rest])


def imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {n for n in found if n == "akhbar" or n.startswith("akhbar.")}


def sources():
    for folder in ("tasks", "warehouse", "expectations", "flows", "akhbar"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def layer_of(path) -> str:
    rel = path.relative_to(ROOT).as_posix()
    return "akhbar/cli" if rel.startswith("akhbar/") else rel.split("/")[0]


@pytest.mark.parametrize("path", list(sources()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_point_down(path):
    allowed = LAYERS.get(layer_of(path), set())
    if allowed is None:
        return
    wrong = {
        name
        for name in imports(path)
        if not any(name == a or name.startswith(a + ".") for a in allowed) and name != "akhbar"
    }
    if layer_of(path) != "flows":
        wrong |= {name for name in imports(path) if name == "akhbar"}
    assert wrong == set()


def test_no_module_imports_itself_back():
    graph = {module_name(p): imports(p) for p in sources()}
    known = set(graph)

    def resolve(name):  # `from akhbar.tasks.ingest import x` may name a package
        return name if name in known else None

    cycles = []

    def visit(node, stack, seen):
        for target in filter(None, map(resolve, graph[node])):
            if target in stack:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in seen:
                seen.add(target)
                visit(target, [*stack, target], seen)

    for start in sorted(graph):
        visit(start, [start], {start})
    # a package importing its own submodules (tasks.ingest -> tasks.ingest.layout) is not a loop
    real = [c for c in cycles if not all(c[0].startswith(m) or m.startswith(c[0]) for m in c)]
    assert real == []


def test_the_top_level_folders_are_not_importable_on_their_own(tmp_path):
    for name in ("tasks", "flows", "warehouse", "expectations"):
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}"], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode != 0, f"import {name} works: it would collide with other projects"
    done = subprocess.run(
        [sys.executable, "-c", "import akhbar.tasks, akhbar.flows.config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_validate_imports_neither_prefect_nor_the_stages(tmp_path):
    from akhbar.warehouse.store import Warehouse

    Warehouse(tmp_path / "w.duckdb").close()
    code = (
        "import sys; from akhbar.cli import main\n"
        f"main(['validate', '--no-data-docs', '--warehouse', {str(tmp_path / 'w.duckdb')!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'prefect' or m in "
        "('akhbar.tasks.ingest', 'akhbar.tasks.extract', 'akhbar.tasks.tokenize', "
        "'akhbar.flows.stages', 'akhbar.flows.pipeline'))\n"
        "print(bad)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
