"""Only the classic Whoosh 2.7 API, from one pinned distribution.

Whoosh-Reloaded 2.7.5 must stay a drop-in fallback, so the search package imports
nothing from the modules whoosh3 added (mcp, langchain, llamaindex, retrieval…).
"""

from __future__ import annotations

import ast
from importlib import metadata
from pathlib import Path

import enviro_buyer.search
from enviro_buyer.paths import ROOT_DIR

# Modules of Whoosh 2.7 the search package may use.
CLASSIC = {
    "whoosh",
    "whoosh.analysis",
    "whoosh.columns",
    "whoosh.fields",
    "whoosh.filedb.filestore",
    "whoosh.formats",
    "whoosh.index",
    "whoosh.lang",
    "whoosh.query",
    "whoosh.reading",
    "whoosh.support.charset",
}


def whoosh_imports() -> set[str]:
    """Return every whoosh module the search package imports."""
    found = set()
    for path in Path(enviro_buyer.search.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "whoosh":
                    names = [f"whoosh.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found.update(n for n in names if n.split(".")[0] == "whoosh")
    return found


def test_search_imports_only_classic_whoosh_modules() -> None:
    imported = whoosh_imports()
    assert imported, "the search package should use Whoosh"
    assert imported <= CLASSIC


def test_exactly_one_whoosh_distribution_is_installed_and_pinned() -> None:
    installed = set()
    for name in ("whoosh", "whoosh-reloaded", "Whoosh-Reloaded", "whoosh3"):
        try:
            installed.add((name.lower(), metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    assert installed == {("whoosh3", "3.54.0")}
    pyproject = (ROOT_DIR / "pyproject.toml").read_text(encoding="utf-8")
    assert '"whoosh3==3.54.0"' in pyproject
