"""`briefpack new`: the starter brief explains every key, validates and renders."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from briefpack.brief.model import (
    Brief,
    Figure,
    Finding,
    Quote,
    Section,
    Source,
    Summary,
    TimelineEntry,
)
from briefpack.brief.starter import (
    NO_SCHEMA,
    brief_file,
    find_schema,
    schema_modeline,
    slugify,
    starter_text,
)
from briefpack.brief.yaml_source import load_yaml
from briefpack.pipeline import Assets, check_brief, render_brief
from conftest import ROOT, TEST_BRIEFS, page_texts
from conftest import invoke_cli as invoke

DAY = dt.date(2024, 5, 6)
MODELS: tuple[type[BaseModel], ...] = (
    Brief,
    Summary,
    Finding,
    Section,
    Figure,
    Quote,
    TimelineEntry,
    Source,
)


def starter(name: str = "council-vote.yaml") -> str:
    return starter_text(name, slugify(name), DAY, NO_SCHEMA)


def switch_on(text: str) -> str:
    """The starter with its switched-off examples (embargo, figure) switched on, as the
    comments tell an author to: delete the "# " at the start of their lines."""
    lines = []
    in_figures = False
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(("# embargo:", "# figures:", "# lang:")) or (
            in_figures and stripped.startswith("#   ")
        ):
            in_figures = in_figures or stripped.startswith("# figures:")
            line = indent + stripped[2:]
        else:
            in_figures = False
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The file name, the slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("council-vote", "council-vote.yaml"),
        ("council-vote.yaml", "council-vote.yaml"),
        ("council-vote.YML", "council-vote.YML"),
        ("briefs/council-vote", "briefs/council-vote.yaml"),
        ("report.v2", "report.v2.yaml"),
    ],
)
def test_brief_file_adds_yaml_unless_given(name: str, expected: str) -> None:
    assert brief_file(name) == Path(expected)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("council-vote", "council-vote"),
        ("Council Vote.yaml", "council-vote"),
        ("briefs/2024-05-06 Café closures!.yml", "2024-05-06-cafe-closures"),
        ("__init__", "init"),
        ("«»", "brief"),
    ],
)
def test_slugify_gives_a_valid_slug(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


# The template


def test_every_placeholder_is_filled() -> None:
    text = starter()
    assert not re.search(r"\{[a-z]+\}", text), re.findall(r"\{[a-z]+\}", text)
    assert "date: 2024-05-06" in text
    assert "slug: council-vote" in text
    assert "briefpack validate council-vote.yaml" in text


def test_every_key_of_the_format_is_explained_in_a_comment() -> None:
    comments = "\n".join(line for line in starter().splitlines() if line.lstrip().startswith("#"))
    for model in MODELS:
        for key in model.model_fields:
            assert re.search(rf"\b{key}\b", comments), f"{model.__name__}.{key} is not explained"


def test_the_starter_uses_every_block() -> None:
    data = load_yaml(switch_on(starter()).encode(), "starter.yaml").data
    assert set(data) == set(Brief.model_fields)
    assert set(data["summary"]) == set(Summary.model_fields)
    assert set(data["findings"][0]) == set(Finding.model_fields)
    assert set(data["sections"][0]) == set(Section.model_fields)
    assert set(data["sections"][0]["figures"][0]) == set(Figure.model_fields)
    assert set(data["quotes"][0]) == set(Quote.model_fields)
    assert set(data["timeline"][0]) == set(TimelineEntry.model_fields)
    assert set(data["sources"]["council"]) == set(Source.model_fields)


@pytest.mark.parametrize(("lang", "example"), [("en-GB", "fr"), ("fr", "en"), ("de", "fr")])
def test_an_elements_own_lang_is_only_a_switched_off_example(lang: str, example: str) -> None:
    text = starter_text("brief.yaml", "brief", DAY, NO_SCHEMA, lang, "Key findings")
    data = load_yaml(text.encode(), "brief.yaml").data
    assert data["lang"] == lang
    elements = [*data["sections"], *data["quotes"], *data["sources"].values()]
    assert not [element for element in elements if "lang" in element]
    assert text.count(f"    # lang: {example}\n") == 3
    switched_on = load_yaml(switch_on(text).encode(), "brief.yaml").data
    assert switched_on["quotes"][0]["lang"] == example != lang


def test_the_starter_validates_without_warnings_and_renders(tmp_path: Path, assets: Assets) -> None:
    brief = tmp_path / "council-vote.yaml"
    brief.write_text(starter(), encoding="utf-8")
    checked = check_brief(brief, assets)
    assert checked.warnings == ()
    assert checked.validated.slug == "council-vote"
    assert checked.validated.brief.date == DAY
    assert len(checked.validated.brief.sections) == 2
    assert not checked.validated.brief.sections[0].figures
    assert checked.validated.brief.embargo is None
    pdf = render_brief(brief, assets).pdf
    assert "Write the headline here" in page_texts(pdf)[0]


def test_the_switched_off_examples_work_once_switched_on(tmp_path: Path, assets: Assets) -> None:
    (tmp_path / "figures").mkdir()
    shutil.copy(TEST_BRIEFS / "figures" / "alpha.png", tmp_path / "figures" / "picture.png")
    brief = tmp_path / "council-vote.yaml"
    brief.write_text(switch_on(starter()), encoding="utf-8")
    checked = check_brief(brief, assets)
    assert checked.warnings == ()
    validated = checked.validated.brief
    assert validated.embargo is not None
    assert validated.sections[0].figures[0].credit == "Photographer / Agency"
    pdf = render_brief(brief, assets).pdf
    assert "EMBARGOED UNTIL" in page_texts(pdf)[0]


# The schema modeline


def test_the_modeline_points_at_the_nearest_schema_file(tmp_path: Path) -> None:
    schema = tmp_path / "schema" / "brief.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}")
    (tmp_path / "briefs" / "2024").mkdir(parents=True)
    brief = tmp_path / "briefs" / "2024" / "vote.yaml"
    assert find_schema(brief.parent) == schema
    assert schema_modeline(brief, schema) == (
        "# yaml-language-server: $schema=../../schema/brief.schema.json"
    )
    assert schema_modeline(tmp_path / "vote.yaml", schema) == (
        "# yaml-language-server: $schema=schema/brief.schema.json"
    )


def test_without_a_schema_file_the_first_lines_say_how_to_get_one(tmp_path: Path) -> None:
    assert find_schema(tmp_path) is None
    modeline = schema_modeline(tmp_path / "vote.yaml", None)
    assert "yaml-language-server" not in modeline  # no modeline pointing nowhere
    assert "briefpack schema -o" in modeline
    assert all(line.startswith("#") for line in modeline.splitlines())


# The command


def test_new_writes_the_starter_and_prints_its_path(workdir: Path) -> None:
    result = invoke(["new", "council-vote", "--date", "2024-05-06"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "council-vote.yaml\n"
    assert "briefpack render --watch council-vote.yaml" in result.stderr
    text = (workdir / "council-vote.yaml").read_text(encoding="utf-8")
    assert text == starter()
    validated = invoke(["validate", "council-vote.yaml"])
    assert validated.exit_code == 0 and validated.output == "council-vote.yaml: ok\n"


def test_new_uses_todays_date_by_default(workdir: Path) -> None:
    before = dt.date.today()
    assert invoke(["new", "today"]).exit_code == 0
    written = re.search(r"^date: (\S+)$", (workdir / "today.yaml").read_text(), re.M)
    assert written is not None
    assert written.group(1) in {before.isoformat(), dt.date.today().isoformat()}


def test_new_makes_the_folders_and_points_at_the_projects_schema(workdir: Path) -> None:
    (workdir / "schema").mkdir()
    (workdir / "schema" / "brief.schema.json").write_text("{}")
    result = invoke(["new", "briefs/Council Vote.yaml", "--date", "2024-05-06"])
    assert result.exit_code == 0, result.output
    text = (workdir / "briefs" / "Council Vote.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/brief.schema.json"
    assert "slug: council-vote\n" in text
    assert "briefpack render 'briefs/Council Vote.yaml'" in text


def test_new_refuses_to_overwrite_without_force(workdir: Path) -> None:
    (workdir / "vote.yaml").write_text("title: mine\n")
    result = invoke(["new", "vote"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "vote.yaml already exists" in result.stderr
    assert "--force" in result.stderr
    assert (workdir / "vote.yaml").read_text() == "title: mine\n"
    forced = invoke(["new", "vote", "--force", "--date", "2024-05-06"])
    assert forced.exit_code == 0, forced.output
    assert (workdir / "vote.yaml").read_text(encoding="utf-8") == starter("vote.yaml")


def test_new_refuses_a_folder(workdir: Path) -> None:
    (workdir / "vote.yaml").mkdir()
    result = invoke(["new", "vote.yaml", "--force"])
    assert result.exit_code == 1
    assert "is a folder" in result.stderr


@pytest.mark.parametrize("date", ["2024-13-01", "6 May 2024", "20240506", "2024-02-30"])
def test_new_refuses_a_bad_date_as_a_usage_error(workdir: Path, date: str) -> None:
    result = invoke(["new", "vote", "--date", date])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert not (workdir / "vote.yaml").exists()


def test_new_lang_fr_writes_the_french_starter(workdir: Path, assets: Assets) -> None:
    result = invoke(["new", "conseil", "--lang", "fr", "--date", "2024-05-06"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    text = (workdir / "conseil.yaml").read_text(encoding="utf-8")
    assert "# title - le titre. Obligatoire." in text
    assert re.search(r"^lang: fr$", text, re.M)
    assert "  findings_title: Principales conclusions" in text
    checked = check_brief(workdir / "conseil.yaml", assets)
    assert checked.warnings == ()
    first_page = page_texts(render_brief(workdir / "conseil.yaml", assets).pdf)[0]
    assert "Écrivez le titre ici" in first_page and "6 mai 2024" in first_page


def test_the_french_starter_explains_and_uses_every_key() -> None:
    french = starter_text("conseil.yaml", "conseil", DAY, NO_SCHEMA, "fr", "Principales")
    comments = "\n".join(line for line in french.splitlines() if line.lstrip().startswith("#"))
    for model in MODELS:
        for key in model.model_fields:
            assert re.search(rf"\b{key}\b", comments), f"{model.__name__}.{key} is not explained"
    english = load_yaml(switch_on(starter()).encode(), "en.yaml").data
    data = load_yaml(switch_on(french).encode(), "fr.yaml").data
    assert set(data) == set(english)
    assert set(data["sections"][0]) == set(english["sections"][0])


def test_new_in_a_language_without_a_starter_warns_once(workdir: Path) -> None:
    result = invoke(["new", "rat", "--lang", "de", "--date", "2024-05-06"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning") == 1 and "'de'" in result.stderr
    text = (workdir / "rat.yaml").read_text(encoding="utf-8")
    assert "# title - the headline. Required." in text
    assert re.search(r"^lang: de$", text, re.M)
    assert "  findings_title: Wichtigste Ergebnisse" in text
    assert invoke(["validate", "rat.yaml"]).exit_code == 0


def test_new_refuses_an_unknown_lang_as_a_usage_error(workdir: Path) -> None:
    result = invoke(["new", "x", "--lang", "french"])
    assert result.exit_code == 2
    assert "did you mean 'fr'?" in result.output
    assert not (workdir / "x.yaml").exists()


def test_the_starter_points_at_a_section_that_exists() -> None:
    """The first lines name a page of briefpack's docs and a heading on it."""
    pointer = re.search(r'see "(?P<heading>[^"]+)" in briefpack\'s (?P<page>\S+)', NO_SCHEMA)
    assert pointer, NO_SCHEMA
    page = (ROOT / pointer["page"]).read_text(encoding="utf-8")
    assert f"\n## {pointer['heading']}\n" in page
