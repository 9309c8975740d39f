"""Every example in README.md and docs/*.md runs, or is checked as what it is.

Each fenced block of the documentation is one test, named `<page>:<line>`. Command
lines (`sh` and `console` blocks) run with the installed `briefpack` in a temporary
copy of what a fresh clone holds (briefs, packs, layouts, schema, the examples'
snapshots, and nothing else), one copy per page, in the order a reader meets them:
a file a block names is written when the reader reaches that block, not before, so
a command that uses a file no clone has and no earlier block wrote fails. A
`console` block's output lines must appear in what its command prints. YAML is
checked as a brief, a layout or a pack file, by briefpack itself; CSV is a list of
recipients; JSON is parsed; Python runs.

An HTML comment on the line just above a fence says what a test needs to know
(docs/development.md lists them): `<!-- doc-check: exit 1; given PATH from FILE -->`.
A block the tests do not know how to check fails, so no example goes unchecked.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefpack.pipeline import check_brief, package_assets
from conftest import ROOT, briefpack_command, run_cli

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: The quick start's two commands, exactly: they are not run here (`.ci/run` runs the
#: second on a clean clone), so they are compared instead.
QUICK_START_RENDER = (
    "python3 -m venv .venv && .venv/bin/pip install . "
    "&& .venv/bin/briefpack render briefs/clapham.yaml"
)
QUICK_START_TESTS = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
)
TEST_COMMAND_MARKER = "<!-- test-command: .ci/run runs the next line on a clean clone -->"
README_LIMIT = 15_000

#: A brief that a fragment completes: its keys give way to the fragment's.
MINIMAL_BRIEF = {
    "title": "title: A brief around an example\n",
    "date": "date: 2021-03-30\n",
    "summary": "summary:\n  text: The example's keys are checked inside this brief.\n",
}
MARKER = re.compile(r"^<!--\s*doc-check:\s*(?P<body>.*?)\s*-->$")
TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):", re.MULTILINE)
PATH_COMMENT = re.compile(r"^#\s*(?P<path>[\w./-]+\.ya?ml)\s*$")
SCHEMA_MODELINE = re.compile(r"yaml-language-server:\s*\$schema=(?P<path>\S+)")
COMMAND_TIMEOUT = 120
MARKDOWN = MarkdownIt("commonmark").enable("table")  # GitHub's tables, for their links
WATCH_TIMEOUT = 30


# Reading the pages


@dataclass(frozen=True)
class Directives:
    """What the comment above a block says about it."""

    skip: str | None = None
    fragment: bool = False
    exit_code: int = 0
    file: str | None = None
    given: tuple[tuple[str, str], ...] = ()
    edits: tuple[tuple[str, str, str], ...] = ()
    paths: bool = False
    package_map: bool = False


@dataclass(frozen=True)
class Block:
    """One code block of a page: its fence's language and text, and its directives."""

    page: Path
    line: int  # 1-based, the fence's first line
    language: str  # "" for an indented block
    text: str
    directives: Directives
    problem: str | None = None  # a directive that could not be read

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def file(self) -> str | None:
        """Where the block's text belongs in the reader's folder, if it says."""
        if self.directives.file:
            return self.directives.file
        first = self.text.splitlines()[0] if self.text.strip() else ""
        named = PATH_COMMENT.match(first) if self.language == "yaml" else None
        return named["path"] if named else None


def parse_directives(body: str) -> Directives:
    """`exit 1; given a.yaml from tests/docs/cases/b.yaml; ...` to Directives."""
    if skip := re.fullmatch(r"skip \((?P<reason>.+)\)", body):
        return Directives(skip=skip["reason"])  # the reason is free text, ";" included
    directives = Directives()
    for part in (p.strip() for p in body.split(";")):
        if part == "fragment of a brief":
            directives = replace(directives, fragment=True)
        elif m := re.fullmatch(r"exit (?P<code>\d+)", part):
            directives = replace(directives, exit_code=int(m["code"]))
        elif m := re.fullmatch(r"file (?P<path>\S+)", part):
            directives = replace(directives, file=m["path"])
        elif m := re.fullmatch(r"given (?P<path>\S+) from (?P<source>\S+)", part):
            given = (*directives.given, (m["path"], m["source"]))
            directives = replace(directives, given=given)
        elif m := re.fullmatch(r'edit (?P<path>\S+) "(?P<old>.+)" -> "(?P<new>.*)"', part):
            edits = (*directives.edits, (m["path"], m["old"], m["new"]))
            directives = replace(directives, edits=edits)
        elif part == "paths":
            directives = replace(directives, paths=True)
        elif part == "package map":
            directives = replace(directives, package_map=True)
        else:
            raise ValueError(f"unknown doc-check directive {part!r} (see docs/development.md)")
    return directives


def read_blocks(page: Path) -> list[Block]:
    source = page.read_text(encoding="utf-8")
    lines = source.splitlines()
    blocks = []
    for token in MARKDOWN.parse(source):
        if token.type not in ("fence", "code_block") or token.map is None:
            continue
        first = token.map[0]
        above = lines[first - 1].strip() if first > 0 else ""
        marker = MARKER.match(above)
        directives, problem = Directives(), None
        if marker:
            try:
                directives = parse_directives(marker["body"])
            except ValueError as exc:
                problem = str(exc)
        language = token.info.split()[0] if token.type == "fence" and token.info else ""
        blocks.append(Block(page, first + 1, language, token.content, directives, problem))
    return blocks


BLOCKS = [block for page in PAGES for block in read_blocks(page)]


# The reader's folder: one per page, the page's blocks run in order


#: What a fresh clone holds that the examples use, as it is in the repository. Nothing
#: else is added: an example that needs a file the clone lacks must show the file first.
CLONE_FOLDERS = ("briefs", "packs", "layouts", "schema")


def make_template(folder: Path) -> Path:
    """What a reader has: a clone's briefs, packs, layouts, schema and the snapshots
    of its example briefs, and a pytest rootdir (the clone's pyproject.toml)."""
    for name in CLONE_FOLDERS:
        shutil.copytree(ROOT / name, folder / name)
    for brief in (ROOT / "briefs").glob("*.yaml"):
        stored = Path("tests") / "snapshots" / brief.stem
        shutil.copytree(ROOT / stored, folder / stored)
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return folder


@dataclass
class Session:
    """A reader following one page: its blocks run in order, each named file written
    when its block is reached (by the block's check)."""

    folder: Path
    blocks: list[Block]
    done: dict[int, BaseException | None] = field(default_factory=dict)

    def outcome(self, block: Block) -> BaseException | None:
        """Run every block of the page up to this one (once), and say how it went."""
        for earlier in self.blocks[: self.blocks.index(block) + 1]:
            key = earlier.line
            if key not in self.done:
                try:
                    check_block(earlier, self.folder)
                    self.done[key] = None
                except (Exception, pytest.skip.Exception, pytest.fail.Exception) as exc:
                    self.done[key] = exc
        return self.done[block.line]


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], Session]]:
    template = make_template(tmp_path_factory.mktemp("reader"))
    made: dict[Path, Session] = {}

    def session(page: Path) -> Session:
        if page not in made:
            folder = tmp_path_factory.mktemp(page.stem)
            shutil.copytree(template, folder, dirs_exist_ok=True)
            made[page] = Session(folder, [b for b in BLOCKS if b.page == page])
        return made[page]

    yield session


@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_example(block: Block, sessions: Callable[[Path], Session]) -> None:
    outcome = sessions(block.page).outcome(block)
    if outcome is not None:
        raise outcome


NAMED = [b for b in BLOCKS if b.file and not b.problem and not b.directives.skip]


@pytest.mark.parametrize("block", NAMED, ids=[b.name for b in NAMED])
def test_a_file_shown_from_the_repository_is_the_shipped_one(block: Block) -> None:
    """A block that names a file the clone has shows that file, as it is."""
    assert block.file is not None
    shipped = ROOT / block.file
    if shipped.exists():
        assert block.text == shipped.read_text(encoding="utf-8"), (
            f"{block.name}: {block.file} is not as the repository ships it"
        )


def test_the_readers_folder_holds_only_what_a_clone_has(tmp_path: Path) -> None:
    """No file is slipped in for the examples: every file of the reader's folder is
    one the repository ships (the pytest rootdir stands in for pyproject.toml)."""
    folder = make_template(tmp_path / "reader")
    made = [path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()]
    missing = sorted(p for p in made if p != "pytest.ini" and not (ROOT / p).is_file())
    assert missing == [], f"the tests give the reader files a clone lacks: {missing}"


# Checking one block


def check_block(block: Block, folder: Path) -> None:
    where = f"{block.name}: "
    assert block.problem is None, where + block.problem
    if block.directives.skip:
        pytest.skip(f"{where}{block.directives.skip}")
    if block.directives.package_map:
        check_package_map(block)
        return
    if not block.language:
        assert block.page.name == "README.md" and block.text.strip() in (
            QUICK_START_RENDER,
            QUICK_START_TESTS,
        ), where + "an indented block: fence it with a language (```sh, ```yaml, ...)"
        return
    checks: dict[str, Callable[[Block, Path], None]] = {
        "sh": check_shell,
        "console": check_console,
        "yaml": check_yaml,
        "csv": check_csv,
        "json": check_json,
        "python": check_python,
        "text": check_text,
    }
    assert block.language in checks, (
        f"{where}no test knows a ```{block.language} block: use one of {', '.join(checks)}, "
        "or mark it <!-- doc-check: skip (reason) -->"
    )
    with prepared(block, folder):
        checks[block.language](block, folder)


def check_package_map(block: Block) -> None:
    """Each line `  name/  what it holds: module (note), module, ...` or `  name.py  ...`:
    the map names exactly the modules and subpackages of src/briefpack/."""
    package = ROOT / "src" / "briefpack"
    lines = block.text.splitlines()
    assert lines[0] == "src/briefpack/", f"{block.name}: the map starts at src/briefpack/"
    named_files: set[str] = set()
    for line in lines[1:]:
        name, _, description = line.strip().partition(" ")
        if name.endswith(".py"):
            named_files.add(name)
            continue
        assert name.endswith("/"), f"{block.name}: {name!r} is neither a module nor a folder"
        listed = description.partition(":")[2]
        assert listed.strip(), f"{block.name}: {name} says what it holds, a colon, its modules"
        # "render (blocks to flowables)" names `render`; the note in brackets is prose.
        modules = {item.split()[0] for item in re.sub(r"\(.*?\)", "", listed).split(",")}
        actual = {path.stem for path in (package / name).glob("*.py")} - {"__init__"}
        assert modules == actual, (
            f"{block.name}: {name} lists {sorted(modules - actual)} that do not exist"
            f" and leaves out {sorted(actual - modules)}"
        )
        named_files.add(name)
    actual_top = {path.name for path in package.glob("*.py")} - {"__init__.py"}
    actual_top |= {
        f"{path.name}/" for path in package.iterdir() if (path / "__init__.py").is_file()
    }
    assert named_files == actual_top, (
        f"{block.name}: the map names {sorted(named_files - actual_top)} that do not exist"
        f" and leaves out {sorted(actual_top - named_files)}"
    )


@contextmanager
def prepared(block: Block, folder: Path) -> Iterator[None]:
    """The block's `given` files and `edit`s in place while it runs, undone after."""
    saved: list[tuple[Path, bytes | None]] = []

    def save(path: Path) -> Path:
        saved.append((path, path.read_bytes() if path.exists() else None))
        return path

    try:
        for target, source in block.directives.given:
            path = save(folder / target)
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / source, path)
        for target, old, new in block.directives.edits:
            path = save(folder / target)
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{block.name}: {old!r} is not once in {target}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        yield
    finally:
        for path, content in reversed(saved):
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)


# Command lines


@dataclass(frozen=True)
class Command:
    line: str
    args: list[str]
    env: dict[str, str]


def read_command(block: Block, line: str, folder: Path) -> Command:
    """A `briefpack ...` line: its environment assignments, and its globs expanded."""
    words = shlex.split(line, comments=True)
    env = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert words and words[0] == "briefpack", (
        f"{block.name}: only briefpack commands run here, not {line!r}; "
        "mark the block <!-- doc-check: skip (reason) --> if it cannot run"
    )
    args: list[str] = []
    for word in words[1:]:
        matches = sorted(glob.glob(word, root_dir=folder)) if glob.has_magic(word) else []
        args.extend(matches or [word])
    return Command(line, args, env)


def run_command(block: Block, command: Command, folder: Path) -> str:
    """Run it; check its exit code; return what it printed (stdout, then stderr)."""
    if "--watch" in command.args:
        return run_watch(block, command, folder)
    result = run_cli(command.args, folder, **command.env)
    expected = block.directives.exit_code
    assert result.returncode == expected, (
        f"{block.name}: `{command.line}` exited {result.returncode}, not {expected}\n"
        f"{result.stdout}{result.stderr}"
    )
    return result.stdout + result.stderr


def run_watch(block: Block, command: Command, folder: Path) -> str:
    """`--watch` runs until Ctrl-C: wait for the first render, then press it."""
    process = subprocess.Popen(
        [*briefpack_command(), *command.args],
        cwd=folder,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **command.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None and process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    stderr = process.stderr

    def read() -> None:
        for line in stderr:
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + WATCH_TIMEOUT
        while not any(x.startswith("rendered ") for x in seen):
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{block.name}: `{command.line}` rendered nothing\n{''.join(seen)}")
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=10)
        stdout = process.stdout.read()
        reader.join(timeout=10)
        while not lines.empty():
            seen.append(lines.get_nowait())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        process.stdout.close()
        process.stderr.close()
    printed = stdout + "".join(seen)
    assert "Traceback" not in printed, printed
    assert code == block.directives.exit_code, f"{block.name}: Ctrl-C gave exit {code}\n{printed}"
    return printed


def check_shell(block: Block, folder: Path) -> None:
    for line in block.text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            run_command(block, read_command(block, line, folder), folder)


def check_console(block: Block, folder: Path) -> None:
    """`$ command` lines run; the lines under each must appear in what it printed
    (`...` stands for any text, and a line of `...` for any lines)."""
    runs: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            assert runs, f"{block.name}: a console block starts with a `$ command` line"
            runs[-1][1].append(line.rstrip())
    for line, expected in runs:
        printed = run_command(block, read_command(block, line, folder), folder)
        lines = [x.rstrip() for x in printed.splitlines()]
        for want in expected:
            if want.strip() in ("", "..."):
                continue
            pattern = ".*".join(re.escape(part) for part in want.split("..."))
            assert any(re.fullmatch(pattern, x) for x in lines), (
                f"{block.name}: `{line}` did not print\n  {want}\nIt printed:\n{printed}"
            )


# Files: YAML, CSV, JSON, Python, text


def top_level_keys(text: str) -> set[str]:
    return {m["key"] for m in TOP_LEVEL_KEY.finditer(text)}


def scratch(folder: Path, block: Block, suffix: str) -> Path:
    """Where an unnamed example is written: out of the way of the page's globs."""
    path = folder / ".doc-check" / f"{block.page.stem}-{block.line}{suffix}"
    path.parent.mkdir(exist_ok=True)
    return path


def check_yaml(block: Block, folder: Path) -> None:
    text, keys = block.text, top_level_keys(block.text)
    if modeline := SCHEMA_MODELINE.search(text):
        schema = ROOT / "briefs" / modeline["path"]
        assert schema.is_file(), f"{block.name}: {modeline['path']} leads nowhere from briefs/"
    if block.directives.fragment:
        completed = "".join(v for k, v in MINIMAL_BRIEF.items() if k not in keys) + text
        path = scratch(folder, block, ".yaml")
        path.write_text(completed, encoding="utf-8")
        check_brief_file(block, path, folder)
    elif "briefs" in keys:
        check_pack_file(block, folder)
    elif keys & {"extends", "page"}:
        check_layout_file(block, folder)
    elif "title" in keys and keys & {"summary", "date"}:
        path = folder / block.file if block.file else scratch(folder, block, ".yaml")
        path.write_text(text, encoding="utf-8")
        check_brief_file(block, path, folder)
    else:
        pytest.fail(
            f"{block.name}: not a brief, a layout or a pack file; if it is part of a brief, "
            "mark it <!-- doc-check: fragment of a brief -->"
        )


def check_brief_file(block: Block, path: Path, folder: Path) -> None:
    """briefpack's own checks, every one that render makes; a warning fails too."""
    try:
        checked = check_brief(path, package_assets((folder / "layouts",)))
    except Exception as exc:  # BriefError: the problems, at their lines
        problems = getattr(exc, "diagnostics", None) or [exc]
        raise AssertionError(
            f"{block.name}: not a valid brief:\n" + "\n".join(map(str, problems))
        ) from exc
    assert not checked.warnings, f"{block.name}: {[str(w) for w in checked.warnings]}"


def check_layout_file(block: Block, folder: Path) -> None:
    """A layout: in the reader's layouts/ folder, a brief renders with it."""
    path = folder / (block.file or f"layouts/doc-example-{block.page.stem}-{block.line}.yaml")
    assert path.parent.name == "layouts", f"{block.name}: a layout lives in layouts/, not {path}"
    path.write_text(block.text, encoding="utf-8")
    target = scratch(folder, block, ".pdf")
    args = ["render", "briefs/york.yaml", "--layout", path.stem, "-o", str(target)]
    result = run_cli(args, folder)
    assert result.returncode == 0, f"{block.name}: {result.stderr}"
    assert target.read_bytes().startswith(b"%PDF-")


def check_pack_file(block: Block, folder: Path) -> None:
    """A pack file: `briefpack pack` binds the briefs it names."""
    path = folder / (block.file or f"packs/doc-example-{block.page.stem}-{block.line}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")
    target = scratch(folder, block, ".pdf")
    result = run_cli(["pack", str(path.relative_to(folder)), "-o", str(target)], folder)
    assert result.returncode == 0, f"{block.name}: {result.stderr}"
    assert target.read_bytes().startswith(b"%PDF-")


def check_csv(block: Block, folder: Path) -> None:
    """A list of recipients: one stamped copy per row."""
    path = folder / block.file if block.file else scratch(folder, block, ".csv")
    path.write_text(block.text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(block.text)))
    output = scratch(folder, block, "")
    args = ["render", "briefs/york.yaml", "--recipients", str(path), "-o", str(output)]
    result = run_cli(args, folder)
    assert result.returncode == 0, f"{block.name}: {result.stderr}"
    assert len(list(output.glob("*.pdf"))) == len(rows) > 0, result.stdout


def check_json(block: Block, folder: Path) -> None:
    """JSON parses; an editor's schema mapping leads to the schema and to briefs."""
    settings = json.loads(block.text)
    for schema, patterns in settings.get("yaml.schemas", {}).items():
        assert (ROOT / schema).is_file(), f"{block.name}: {schema} does not exist"
        for pattern in patterns:
            assert glob.glob(pattern, root_dir=ROOT), f"{block.name}: {pattern} matches nothing"


def check_python(block: Block, folder: Path) -> None:
    """A test module runs under pytest in the reader's folder; anything else as a script."""
    is_test = re.search(r"^def test_", block.text, re.MULTILINE) is not None
    if is_test:
        path = folder / "tests" / f"test_doc_{block.page.stem}_{block.line}.py"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)]
    else:
        path = scratch(folder, block, ".py")
        command = [sys.executable, str(path)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        command,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{block.name}:\n{result.stdout}{result.stderr}"


def check_text(block: Block, folder: Path) -> None:
    """Plain text is checked only as a list of paths that exist."""
    assert block.directives.paths, (
        f"{block.name}: a ```text block is checked only as <!-- doc-check: paths -->; "
        "otherwise mark it <!-- doc-check: skip (reason) -->"
    )
    for line in block.text.splitlines():
        path = line.split("#", 1)[0].strip()
        if path:
            assert (folder / path).exists(), f"{block.name}: {path} does not exist"


# The pages as a whole


def test_every_page_has_examples_and_every_marker_sits_above_a_block() -> None:
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        fences = {b.line for b in BLOCKS if b.page == page}
        for number, line in enumerate(lines, start=1):
            if line.strip().startswith("<!-- doc-check"):
                assert number + 1 in fences, f"{page.name}:{number}: a marker above no block"


def test_the_quick_start_is_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert "    " + QUICK_START_RENDER in readme
    marker = readme.index(TEST_COMMAND_MARKER)
    # .ci/run reads the line after the marker and strips its indent
    assert readme[marker + 1] == "    " + QUICK_START_TESTS
    indented = [b for b in BLOCKS if b.page.name == "README.md" and not b.language]
    assert sorted(b.text.strip() for b in indented) == sorted(
        [QUICK_START_RENDER, QUICK_START_TESTS]
    )


def test_the_readme_is_short_and_shows_the_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) < README_LIMIT
    assert "](docs/clapham-page1.png)" in readme
    assert (ROOT / "docs" / "clapham-page1.png").is_file()


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    tokens = MARKDOWN.parse(page.read_text(encoding="utf-8"))
    found: set[str] = set()
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open":
            text = "".join(c.content for c in inline.children or [])
            anchor = github_anchor(text)
            suffix = 0
            while (anchor if not suffix else f"{anchor}-{suffix}") in found:
                suffix += 1
            found.add(anchor if not suffix else f"{anchor}-{suffix}")
    return found


def links(page: Path) -> Iterator[str]:
    def walk(tokens: list[Token]) -> Iterator[str]:
        for token in tokens:
            if token.type == "link_open":
                yield str(token.attrs["href"])
            elif token.type == "image":
                yield str(token.attrs["src"])
            yield from walk(token.children or [])

    yield from walk(MARKDOWN.parse(page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_link_within_the_repository_leads_somewhere(page: Path) -> None:
    for href in links(page):
        if re.match(r"[a-z]+:", href):
            continue  # https:, mailto:
        target, _, anchor = href.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{page.name}: {href} leads nowhere"
        assert ROOT in path.parents or path == ROOT, f"{page.name}: {href} leaves the repository"
        if anchor:
            assert anchor in anchors(path), f"{page.name}: no heading #{anchor} in {path.name}"
