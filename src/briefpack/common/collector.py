"""When Python's cyclic garbage collector runs while briefpack works.

Laying out pages makes and drops hundreds of thousands of small objects (text
fragments, words, lines, table cells), and at Python's default threshold the
collector's youngest generation runs every 700 allocations: a quarter of the time
of a long brief. `collecting_less` raises that threshold for a render (and for
the check before it: reading a long brief's YAML makes as many), which
changes when garbage is collected, not what is (the 433-page benchmark brief peaks
at 249 MiB either way). `paused` holds the collector off while a cache file is
read: unmarshalling makes tens of thousands of containers at once, none of them
garbage, and each batch of them would send the collector through the heap.

Both change settings of the whole process, so overlapping uses (renders in
threads) are counted under a lock: the first changes the setting and the last
puts back what the process had. A collector the process turned off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The youngest generation's threshold during a render (Python's default is 700).
RENDER_THRESHOLD = 10_000

_lock = threading.Lock()
_renders = 0
_threshold: tuple[int, int, int] = gc.get_threshold()
_pauses = 0
_was_enabled = False


@contextmanager
def collecting_less() -> Iterator[None]:
    """Collect garbage less often until the block ends."""
    global _renders, _threshold
    with _lock:
        if _renders == 0:
            _threshold = gc.get_threshold()
            if _threshold[0]:  # 0 means the process turned collection off
                gc.set_threshold(max(_threshold[0], RENDER_THRESHOLD), *_threshold[1:])
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            if _renders == 0:
                gc.set_threshold(*_threshold)


@contextmanager
def paused() -> Iterator[None]:
    """No garbage collection until the block ends."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
