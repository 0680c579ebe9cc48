"""The code itself: lint, format and types clean, no import cycles, no function too long to read.

These keep the package's shape from drifting: each rule names what broke it and where.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys

import pytest
from helpers import ROOT

PACKAGE = ROOT / "leaflets"
LONGEST = 60  # lines of a function from its ``def``, docstring included


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def _imports(name: str, tree: ast.Module, modules: dict[str, ast.Module]) -> set[str]:
    """Modules of ours that ``tree`` imports when it runs (imports only for type checkers aside)."""
    typing_only = {
        id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }  # fmt: skip
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("leaflets"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("leaflets"))
    return {m for m in out if m in modules and m != name}


def test_no_import_cycles():
    modules = _modules()
    graph = {name: _imports(name, tree, modules) for name, tree in modules.items()}
    cycles = []
    for start in graph:  # a path back to a module is a cycle; report each module's shortest
        seen, frontier = {start: [start]}, [start]
        while frontier and not any(c[0] == start for c in cycles):
            nxt = []
            for module in frontier:
                for target in graph[module]:
                    if target == start:
                        cycles.append(seen[module] + [start])
                        break
                    if target not in seen:
                        seen[target] = seen[module] + [target]
                        nxt.append(target)
            frontier = nxt
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_function_is_longer_than_a_screen():
    long = [
        f"{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for name, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > LONGEST
    ]
    assert not long, f"functions over {LONGEST} lines: " + ", ".join(long)


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a checker the test extra installs, as a module of this Python (a venv need not be active)."""
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return subprocess.run([sys.executable, "-m", name, *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean_on_the_whole_repository(command):
    run = _tool("ruff", *command, ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_is_clean_on_the_package():
    run = _tool("mypy")  # settings and stubs: pyproject.toml
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr
