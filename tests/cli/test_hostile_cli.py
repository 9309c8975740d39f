"""Hostile input through the real `briefpack` command: every case exits 1 with a
located message, never a traceback, and never writes or damages a PDF."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli

GOOD = "title: Test material\ndate: 2024-01-01\nsummary:\n  text: fine\n"

LAUGHS = "lol: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)

#: name -> (file bytes, the line:col the error must point at, a word of the message)
CASES: dict[str, tuple[bytes, str, str]] = {
    "not-yaml": (b"title: [unclosed\ndate: 2024\n", "1:8", "this [ is never closed"),
    "syntax-error": (GOOD.encode() + b"  - stray: [\n", "5:3", "a list item ('- ')"),
    "empty": (b"", "1:1", "empty"),
    "comments-only": (b"# nothing here\n\n", "1:1", "empty"),
    "top-level-list": (b"- title: x\n- date: y\n", "1:1", "not a list"),
    "top-level-scalar": (b"just some words\n", "1:1", "not a single value"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"1:\d+", "binary"),
    "latin-1": (GOOD.encode() + "desk: Économie\n".encode("latin-1"), "5:7", "not UTF-8"),
    "duplicate-key": (GOOD.encode() + b"title: again\n", "5:1", "appears twice"),
    "python-tag": (
        b"title: !!python/object/apply:os.system ['touch pwned']\n" + GOOD.encode()[22:],
        "1:8",
        "tags",
    ),
    "billion-laughs": (LAUGHS.encode() + GOOD.encode(), r"\d+:\d+", "100,000"),
    "deep-nesting": (b"title: " + b"[" * 5000 + b"\n", r"1:\d+", "levels deep"),
    "too-big": (GOOD.encode() + b"# " + b"x" * (3 * 1024 * 1024) + b"\n", "1:1", "--max-bytes"),
    "missing-title": (b"date: 2024-01-01\nsummary:\n  text: x\n", "1:1", "'title'"),
    "unknown-key": (GOOD.encode() + b"titel: x\n", "5:1", "did you mean 'title'"),
    "javascript-url": (
        GOOD.encode() + b"sources:\n  s:\n    title: t\n    url: javascript:alert(1)\n",
        "8:10",
        "http or https",
    ),
    "file-url-link": (
        GOOD.encode().replace(b"fine", b"see [x](file:///etc/passwd)"),
        "4:17",
        "http, https or mailto",
    ),
    "undefined-source": (GOOD.encode().replace(b"fine", b"fine[^nope]"), "4:13", "'nope'"),
    "figure-outside": (
        GOOD.encode() + b"sections:\n  - heading: h\n    body: b\n    figures:\n"
        b"      - path: ../../etc/passwd\n        credit: c\n",
        "9:15",
        "outside",
    ),
    "figure-not-image": (
        GOOD.encode() + b"sections:\n  - heading: h\n    body: b\n    figures:\n"
        b"      - path: fake.png\n        credit: c\n",
        "9:15",
        "not an image",
    ),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(list(args), cwd)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """All the hostile briefs and one good one, rendered in one run of the command."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, (data, _, _) in CASES.items():
        (folder / f"{name}.yaml").write_bytes(data)
    (folder / "fake.png").write_text("not a picture")
    (folder / "good.yaml").write_text(GOOD)
    out = folder / "out"
    out.mkdir()
    (out / "empty.pdf").write_bytes(b"%PDF-1.4 an earlier render\n")
    names = [f"{name}.yaml" for name in CASES] + ["good.yaml"]
    result = run("render", *names, "-o", "out", cwd=folder)
    return folder, result.stderr, result.returncode


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_brief_gets_a_located_error(name: str, hostile_run: tuple[Path, str, int]) -> None:
    folder, stderr, code = hostile_run
    _, where, word = CASES[name]
    assert code == 1
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith(f"{name}.yaml:")]
    assert lines, f"no message for {name}:\n{stderr}"
    pattern = rf"{re.escape(name)}\.yaml:{where}: error: .*{re.escape(word)}"
    assert any(re.match(pattern, line) for line in lines), lines
    if name != "empty":
        assert not (folder / "out" / f"{name}.pdf").exists()


def test_the_good_brief_still_renders_and_old_files_stay(
    hostile_run: tuple[Path, str, int],
) -> None:
    folder, _, _ = hostile_run
    assert (folder / "out" / "good.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "out" / "empty.pdf").read_bytes() == b"%PDF-1.4 an earlier render\n"
    assert not (folder / "pwned").exists()
    assert sorted(os.listdir(folder / "out")) == ["empty.pdf", "good.pdf"]


def test_a_raised_limit_lets_the_big_brief_through(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(CASES["too-big"][0])
    result = run("validate", "big.yaml", "--max-bytes", str(4 * 1024 * 1024), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_long_word_and_markup_render(tmp_path: Path) -> None:
    body = "x" * 5000 + " <font size=200> &nbsp; & < <img src=a/>"
    (tmp_path / "words.yaml").write_text(GOOD.replace("fine", f"'{body}'"))
    result = run("render", "words.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "words.pdf").exists()
