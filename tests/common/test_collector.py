"""The collector's settings during renders and cache reads, and after them."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from briefpack.common.collector import RENDER_THRESHOLD, collecting_less, paused


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    if enabled:
        gc.enable()


def test_overlapping_renders_put_back_the_processs_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    first, second = collecting_less(), collecting_less()
    first.__enter__()
    second.__enter__()
    assert gc.get_threshold() == (RENDER_THRESHOLD, 10, 10)
    first.__exit__(None, None, None)  # the first to start ends first
    assert gc.get_threshold() == (RENDER_THRESHOLD, 10, 10)
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)


def test_renders_in_threads_leave_the_threshold_as_it_was() -> None:
    gc.set_threshold(700, 10, 10)
    start = threading.Barrier(4)

    def render() -> None:
        start.wait()
        for _ in range(200):
            with collecting_less():
                pass

    threads = [threading.Thread(target=render) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_failed_render_puts_back_the_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), collecting_less():
        raise RuntimeError("a failed render")
    assert gc.get_threshold() == (700, 10, 10)


def test_collection_the_process_turned_off_stays_off() -> None:
    gc.set_threshold(0)
    with collecting_less():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_nested_pauses_collect_again_after_the_last() -> None:
    gc.enable()
    with ExitStack() as stack:
        stack.enter_context(paused())
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
