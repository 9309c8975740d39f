"""Output paths and atomic writes: where each PDF goes, and how it gets there."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from briefpack.common.output import OutputProblem, plan_outputs, write_atomically

# Not real PDFs (write_atomically does not look inside), and not starting with %PDF,
# so conftest's check of the PDFs a test leaves behind passes them by.
OLD = b"the old file\n"
NEW = b"the new file, a little longer\n"


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files in `folder` other than the expected ones (temporary files start with '.')."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# plan_outputs


def test_default_output_is_out_stem_pdf_under_the_working_directory(tmp_path: Path) -> None:
    briefs = [Path("briefs/clapham.yaml"), Path("/elsewhere/budget.v2.yaml")]
    assert plan_outputs(briefs, None, tmp_path) == [
        tmp_path / "out" / "clapham.pdf",
        tmp_path / "out" / "budget.v2.pdf",
    ]


def test_o_names_the_file_for_one_brief(tmp_path: Path) -> None:
    target = tmp_path / "desk.pdf"
    assert plan_outputs([Path("clapham.yaml")], target, tmp_path) == [target]


def test_o_pdf_suffix_is_case_insensitive(tmp_path: Path) -> None:
    target = tmp_path / "DESK.PDF"
    assert plan_outputs([Path("clapham.yaml")], target, tmp_path) == [target]


def test_o_names_a_folder_for_several_briefs(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    briefs = [Path("a/clapham.yaml"), Path("b/minimal.yaml")]
    assert plan_outputs(briefs, folder, tmp_path) == [
        folder / "clapham.pdf",
        folder / "minimal.pdf",
    ]
    assert not folder.exists()  # planning writes nothing


def test_o_without_pdf_suffix_is_a_folder_even_for_one_brief(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    assert plan_outputs([Path("clapham.yaml")], folder, tmp_path) == [folder / "clapham.pdf"]


def test_o_existing_folder_named_like_a_pdf_is_used_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "report.pdf"
    folder.mkdir()
    assert plan_outputs([Path("clapham.yaml")], folder, tmp_path) == [folder / "clapham.pdf"]


def test_o_existing_file_for_several_briefs_is_refused(tmp_path: Path) -> None:
    existing = tmp_path / "desk.pdf"
    existing.write_bytes(OLD)
    with pytest.raises(OutputProblem, match="must name a folder"):
        plan_outputs([Path("a.yaml"), Path("b.yaml")], existing, tmp_path)


def test_o_pdf_name_for_several_briefs_is_refused_not_made_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputProblem) as refused:
        plan_outputs([Path("a.yaml"), Path("b.yaml")], tmp_path / "single.pdf", tmp_path)
    assert "names a PDF file, but 2 briefs make 2 PDFs: -o must name a folder" in str(refused.value)
    assert not (tmp_path / "single.pdf").exists()


def test_two_briefs_with_the_same_target_are_refused(tmp_path: Path) -> None:
    briefs = [Path("north/brief.yaml"), Path("south/brief.yaml")]
    with pytest.raises(OutputProblem) as problem:
        plan_outputs(briefs, tmp_path / "pack", tmp_path)
    message = str(problem.value)
    assert "north/brief.yaml" in message and "south/brief.yaml" in message
    assert "brief.pdf" in message


def test_same_stem_is_refused_for_the_default_output_too(tmp_path: Path) -> None:
    with pytest.raises(OutputProblem, match="would both be written"):
        plan_outputs([Path("x/brief.yaml"), Path("y/brief.yaml")], None, tmp_path)


def test_the_same_brief_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputProblem, match="would both be written"):
        plan_outputs([Path("brief.yaml"), Path("brief.yaml")], tmp_path / "pack", tmp_path)


# write_atomically


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c" / "brief.pdf"
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert leftovers(target.parent, {"brief.pdf"}) == []


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    write_atomically(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_replaces_an_existing_file_through_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(OLD)
    replaced: list[tuple[Path, bytes, bytes]] = []
    real_replace = os.replace

    def spying_replace(source: str | Path, destination: str | Path) -> None:
        # At the moment of the rename the old file is still whole and the new one complete.
        replaced.append((Path(source), Path(destination).read_bytes(), Path(source).read_bytes()))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spying_replace)
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    [(source, before, staged)] = replaced
    assert source.parent == tmp_path  # same folder, so the rename is atomic
    assert (before, staged) == (OLD, NEW)
    assert leftovers(tmp_path, {"brief.pdf"}) == []


def test_target_that_is_a_folder_is_an_output_problem(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.mkdir()
    (target / "keep.txt").write_text("untouched")
    with pytest.raises(OutputProblem, match="is a folder"):
        write_atomically(target, NEW)
    assert (target / "keep.txt").read_text() == "untouched"
    assert leftovers(tmp_path, {"brief.pdf"}) == []


def test_parent_that_is_a_file_is_an_output_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "pack"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(OutputProblem) as refused:
        write_atomically(blocker / "brief.pdf", NEW)
    assert (
        str(refused.value)
        == f"cannot write {blocker / 'brief.pdf'}: {blocker} is a file, not a folder"
    )
    assert blocker.read_bytes() == b"not a folder"


def test_a_file_further_up_the_path_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "pack"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(OutputProblem, match=f"{blocker} is a file, not a folder"):
        write_atomically(blocker / "today" / "brief.pdf", NEW)


def test_unwritable_folder_is_an_output_problem(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip(
                "running as root: a 0o500 folder is still writable, so chmod proves nothing"
            )
        with pytest.raises(OutputProblem, match="cannot write to"):
            write_atomically(folder / "brief.pdf", NEW)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_permission_denied_on_the_temporary_file_is_an_output_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the chmod test, but independent of who runs the tests."""
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OutputProblem, match="cannot write to .*Permission denied"):
        write_atomically(tmp_path / "brief.pdf", NEW)


def test_os_error_during_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(OLD)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputProblem, match="No space left on device"):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"brief.pdf"}) == []


def test_any_exception_during_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(OLD)

    def interrupted(fd: int) -> None:
        raise RuntimeError("interrupted mid-write")

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(RuntimeError, match="interrupted mid-write"):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"brief.pdf"}) == []


def test_failed_rename_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(OLD)

    def busy(source: str, destination: str) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(OutputProblem, match=r"cannot write .*brief\.pdf"):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, {"brief.pdf"}) == []


def test_failed_first_write_leaves_no_file_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new" / "brief.pdf"

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputProblem):
        write_atomically(target, NEW)
    assert not target.exists()
    assert leftovers(target.parent, set()) == []
