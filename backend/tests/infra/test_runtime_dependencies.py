"""`make run` installs backend/pyproject.toml's `dependencies` only, never the `dev` extras: every module
the server imports must come from a distribution those dependencies install."""

import ast
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BACKEND = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((BACKEND / "pyproject.toml").read_text())["project"]


def installed_by(requirements: list[str]) -> set[str]:
    """The distributions these requirements install, theirs included (markers and extras followed)."""
    found: set[str] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        extras = requirement.extras or {""}
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras):
            continue
        if name in found and not requirement.extras:
            continue
        found.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requires:
            child = Requirement(text)
            if child.marker is None or any(child.marker.evaluate({"extra": e}) for e in extras):
                child.marker = None
                pending.append(child)
    return found


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(tree: ast.AST) -> set[str]:
    """Top-level names of the absolute imports that run (not those under `if TYPE_CHECKING:`)."""
    names: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        pending.extend(child for child in ast.iter_child_nodes(node) if not is_type_checking_block(child))
    return names


def server_imports() -> set[str]:
    modules: set[str] = set()
    for source in (BACKEND / "tagmedx").rglob("*.py"):
        modules |= imported_modules(ast.parse(source.read_text(), filename=str(source)))
    return {name for name in modules if name not in sys.stdlib_module_names and name != "tagmedx"}


def test_the_server_imports_only_what_its_runtime_dependencies_install() -> None:
    runtime = installed_by(PROJECT["dependencies"])
    owners = packages_distributions()
    outside = {
        module: owners.get(module, ["(not installed)"])
        for module in server_imports()
        if not any(canonicalize_name(owner) in runtime for owner in owners.get(module, []))
    }
    assert outside == {}, "add these to [project] dependencies, not to the dev extras"


def test_the_test_tools_and_foreign_readers_stay_out_of_the_runtime() -> None:
    runtime = installed_by(PROJECT["dependencies"])
    for dev_only in ("pytest", "datumaro", "pycocotools", "globox", "moto", "schemathesis", "mypy"):
        assert dev_only not in runtime, dev_only


def test_imports_under_type_checking_are_not_counted() -> None:
    tree = ast.parse(
        "import os\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from mypy_boto3_s3 import X\n"
        "def f():\n    import data_store\n"
    )
    assert imported_modules(tree) == {"os", "typing", "data_store"}
