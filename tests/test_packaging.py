"""The app installs what was tested: exact pins, one Whoosh, absolute folders."""

import re
import tomllib
from importlib import metadata

from enviro_buyer.paths import (
    CATALOGUE_DATA_DIR,
    ROOT_DIR,
    TEMPLATES_DIR,
    TRANSLATIONS_DIR,
)

PINNED = re.compile(r"^[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*$")


def _project() -> dict:
    with (ROOT_DIR / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def test_every_dependency_is_pinned_to_one_version() -> None:
    project = _project()
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]

    loose = [r for r in requirements if not PINNED.match(r.split(";")[0].strip())]
    assert not loose


def test_whoosh_comes_from_the_whoosh3_distribution_only() -> None:
    names = {dist.metadata["Name"].lower() for dist in metadata.distributions()}

    assert "whoosh3" in names
    assert not names & {"whoosh", "whoosh-reloaded"}
    assert "whoosh3==" in " ".join(_project()["dependencies"])


def test_top_level_folders_are_found_from_the_package() -> None:
    assert TEMPLATES_DIR.is_absolute()
    assert (TEMPLATES_DIR / "base.html").is_file()
    assert (TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "messages.po").is_file()
    assert (CATALOGUE_DATA_DIR / "categories.json").is_file()
