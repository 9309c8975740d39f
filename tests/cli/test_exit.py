"""The console script ends its process with `os._exit`: what a normal exit would do
that matters (exit handlers, flushed output, the status, running threads) still happens."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def leaving(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `body` in a fresh interpreter that then ends through `leave`."""
    program = "from briefpack.cli.main import leave\n" + textwrap.dedent(body)
    # Output buffered as it is by default, whatever the calling shell asked for.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), (130, 130)])
def test_the_status_is_the_one_sys_exit_would_give(
    tmp_path: Path, code: int | None, status: int
) -> None:
    assert leaving(f"leave({code!r})", tmp_path).returncode == status


def test_a_message_goes_to_stderr_with_status_1(tmp_path: Path) -> None:
    ended = leaving("leave('no such layout')", tmp_path)
    assert (ended.returncode, ended.stderr) == (1, "no such layout\n")


def test_buffered_output_is_all_delivered(tmp_path: Path) -> None:
    # Through a pipe stdout is block-buffered: without a flush the tail would be lost.
    ended = leaving("for i in range(50_000):\n    print(i)\nleave(0)", tmp_path)
    assert ended.stdout.splitlines() == [str(i) for i in range(50_000)]


def test_exit_handlers_run(tmp_path: Path) -> None:
    ended = leaving(
        """
        import atexit, pathlib
        atexit.register(pathlib.Path("handled").write_text, "yes")
        leave(0)
        """,
        tmp_path,
    )
    assert ended.returncode == 0
    assert (tmp_path / "handled").read_text() == "yes"


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    ended = leaving(
        """
        import pathlib, threading, time
        def work():
            time.sleep(0.3)
            pathlib.Path("finished").write_text("yes")
        threading.Thread(target=work).start()
        leave(3)
        """,
        tmp_path,
    )
    assert ended.returncode == 3
    assert (tmp_path / "finished").read_text() == "yes"
