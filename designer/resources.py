"""Finds the bundled data (catalog, examples, icons) in a source tree or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The directory holding `catalog/`, `examples/` and `icons/`.

    An installed wheel carries it inside the package as `designer/resources`; a source checkout
    (or an editable install) keeps it at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "resources", package_dir.parent / "resources"):
        if (candidate / "catalog").is_dir():
            return candidate
    raise FileNotFoundError(
        "The designer's bundled data (resources/catalog) is missing; reinstall the package."
    )


def catalog_path() -> Path:
    return resources_dir() / "catalog" / "verbs.json"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def icons_dir() -> Path:
    return resources_dir() / "icons"
