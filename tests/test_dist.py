"""The package as published: one version, a license, index-ready metadata, one install line.

Building and installing the wheel is ``nox -s dist``'s job (it is slow); these checks read the
files it relies on.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
from pathlib import Path

import pytest

import dlguide

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

#: The install line, word for word the same wherever a reader looks.
INSTALL = (
    "pip install dlguide",
    "pip install 'dlguide[ko]'",
    "--extra-index-url https://download.pytorch.org/whl/cpu",
    "pip install -c constraints.txt '.[ko]'",
)
PLACES = ["README.md", "docs/index.md", "gallery/README.rst", "docs/conf.py"]


def _assigned(path: Path, name: str) -> ast.expr:
    """The expression last assigned to module-level ``name`` in ``path``."""
    found = None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found = node.value
    assert found is not None, f"{path.name} assigns no {name}"
    return found


def test_one_version_source():
    assert importlib.metadata.version("dlguide") == PROJECT["version"] == dlguide.__version__
    typed = re.compile(r"__version__\s*=\s*['\"]\d+\.\d")  # "0+unknown" is no version
    for path in (ROOT / "src" / "dlguide").rglob("*.py"):
        assert not typed.search(path.read_text(encoding="utf-8")), (
            f"{path.name} types a version: read it from the package metadata"
        )
    conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    assert 'package_version("dlguide")' in conf and "{release}" in conf  # the site's header


def test_license_file_is_mit_and_named_in_the_metadata():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "dlguide developers" in text
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert not any(c.startswith("License ::") for c in PROJECT["classifiers"]), (
        "with a license expression, a License classifier is an error (PEP 639)"
    )


def test_metadata_for_the_package_index():
    assert PROJECT["readme"] == "README.md"
    assert PROJECT["requires-python"].startswith(">=")
    assert any(c.startswith("Programming Language :: Python :: 3") for c in PROJECT["classifiers"])
    # Project URLs name the real addresses or are left out: never a made-up host.
    for url in PROJECT.get("urls", {}).values():
        assert not re.search(r"example\.(org|com)|localhost|\.invalid", url), url


def test_readme_links_work_on_a_package_index():
    # The index shows the README without the repository around it: relative links break.
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", text) + re.findall(r"<img [^>]*src=\"([^\"]+)", text)
    relative = [link for link in links if not link.startswith(("https://", "http://", "#"))]
    assert not relative, f"relative links in README.md: {relative}"


def test_readme_starts_with_the_two_contributor_commands():
    title, _, rest = (ROOT / "README.md").read_text(encoding="utf-8").partition("\n")
    assert title.startswith("# ")
    first_block = re.match(r"\s*```console\n(.*?)```", rest, re.S)
    assert first_block, "the first thing under the title is the contributor commands"
    lines = first_block.group(1).splitlines()
    assert lines[0].startswith("pip install nox && nox -s docs")
    assert lines[1].startswith("nox -s tests")


@pytest.mark.parametrize("place", PLACES)
def test_one_install_line_everywhere(place):
    text = (ROOT / place).read_text(encoding="utf-8")
    missing = [words for words in INSTALL if words not in text]
    assert not missing, f"{place} lacks {missing}"


def test_gallery_install_box_is_translated():
    # Every paragraph of the install box (rst_epilog) starts with a key of GALLERY_STRINGS:
    # that keeps it out of the catalogs and puts it in Korean on the Korean site.
    epilog = ast.literal_eval(_assigned(ROOT / "docs" / "conf.py", "rst_epilog"))
    strings = ast.literal_eval(
        _assigned(ROOT / "docs" / "_ext" / "bilingual.py", "GALLERY_STRINGS")
    )
    body = epilog.split(".. container:: dlguide-install", 1)[1]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        keys = [k for k in strings if paragraph.startswith(k.strip())]
        assert keys, f"no Korean for the install paragraph {paragraph!r}"
        assert re.search(r"[\uac00-\ud7a3]", strings[keys[0]])


def test_notebooks_are_made_with_the_docs_settings():
    spec = importlib.util.spec_from_file_location("dist_check", ROOT / "tools" / "dist_check.py")
    dist_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dist_check)
    conf = _assigned(ROOT / "docs" / "conf.py", "sphinx_gallery_conf")
    docs = {
        ast.literal_eval(k): ast.literal_eval(v)
        for k, v in zip(conf.keys, conf.values, strict=True)
        if isinstance(v, ast.Constant)
    }
    for key, value in dist_check.NOTEBOOK_CONF.items():
        assert docs.get(key, value) == value, f"docs/conf.py sets {key}={docs[key]!r}"


def test_changelog_has_unreleased_and_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    assert f"## [{PROJECT['version']}] - " in text


def test_release_workflow_publishes_with_trusted_publishing():
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "pypa/gh-action-pypi-publish@" in text
    assert "id-token: write" in text and "environment: pypi" in text
    assert not re.search(r"password:|api-token|PYPI_TOKEN|secrets\.", text), "no tokens"
    assert 'tags: ["v*"]' in text
