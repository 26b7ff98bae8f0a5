"""The package's layout: imports run down the layers, and none hides inside a function.

core/ (content, the rule, numbers) is read by everything and reads neither the views nor the serving
layers; an import of an atrophy_pwa module inside a function usually hides a cycle, so each one that
must stay lazy is listed here with its reason.
"""
import ast
from pathlib import Path

import atrophy_pwa

PACKAGE = Path(atrophy_pwa.__file__).parent
# (module, imported module) -> why the import runs only when the function does.
LAZY = {}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path.name == "__init__.py", ast.parse(path.read_text(encoding="utf-8"))


def imported(module: str, is_package: bool, node) -> list[str]:
    """The absolute names an import statement brings in (for `from x import y`, both x and x.y)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    source = ".".join(filter(None, [base if node.level else "", node.module or ""]))
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def imports(tree, module, is_package):
    """(imported name, whether the import is inside a function) for every import in the module."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.extend((name, in_function) for name in imported(module, is_package, child))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))
    visit(tree, False)
    return found


def test_no_atrophy_pwa_module_is_imported_inside_a_function():
    hidden = {(module, name) for module, is_package, tree in modules()
              for name, in_function in imports(tree, module, is_package)
              if in_function and name.startswith("atrophy_pwa") and (module, name) not in LAZY}
    assert not hidden, f"imports hidden in functions (move them to the top, or list them in LAZY with why): {hidden}"


def test_core_reads_neither_views_nor_serving():
    upward = {(module, name) for module, is_package, tree in modules() if module.startswith("atrophy_pwa.core")
              for name, _ in imports(tree, module, is_package)
              if name.startswith(("atrophy_pwa.views", "atrophy_pwa.serving"))}
    assert not upward, upward


def test_the_checks_see_what_they_look_for():
    """The parser resolves relative imports and finds imports nested in functions (a check that finds
    nothing could also be a check that looks nowhere)."""
    tree = ast.parse("def f():\n    from ..serving import export\n    from . import schemas\n")
    assert imports(tree, "atrophy_pwa.core.emergency", False) == [
        ("atrophy_pwa.serving", True), ("atrophy_pwa.serving.export", True),
        ("atrophy_pwa.core", True), ("atrophy_pwa.core.schemas", True)]
    assert imports(ast.parse("from .views import api"), "atrophy_pwa", True) == [
        ("atrophy_pwa.views", False), ("atrophy_pwa.views.api", False)]
    assert len(list(modules())) > 30
