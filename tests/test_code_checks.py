"""The checks of the code itself: lint and format (ruff), strict types (mypy), and the
one-way arrows between the stages (import-linter's contracts in pyproject.toml).

They run with the rest of the suite, so the README's one test command, and CI with
it, fails on a wrong arrow, an import cycle, a type error or unformatted code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(sys.executable).parent


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    tool = TOOLS / command[0]
    if not tool.is_file():
        pytest.fail(
            f"{command[0]} is not installed beside {sys.executable}: pip install -e '.[test]'"
        )
    return subprocess.run(
        [str(tool), *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_ruff_finds_nothing_to_lint() -> None:
    result = run_tool("ruff", "check", "--no-cache", "src", "tests", "bench", "docs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted() -> None:
    result = run_tool("ruff", "format", "--check", "--no-cache", "src", "tests", "bench", "docs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = run_tool("mypy", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stages_import_one_way() -> None:
    result = run_tool("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_no_module_is_over_400_lines() -> None:
    """A module past 400 lines hides more than one stage: split it at a seam."""
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text("utf-8").splitlines())
        for path in (ROOT / "src" / "briefpack").rglob("*.py")
    }
    assert len(sizes) > 40, sizes  # the walk found the package
    assert {path: lines for path, lines in sizes.items() if lines > 400} == {}
