"""Building many Python objects at once, without the cyclic collector's full passes.

CPython's cyclic garbage collector runs a full pass over every tracked object each time
the count of long-lived objects grows by a quarter. Building a page's columns or a
network from hundreds of thousands of rows makes millions of small lists and tuples
that are never cyclic garbage, so those passes walk the whole heap again and again for
nothing: at 100,000 nodes and 300,000 links they were half the time a page took to
write (7.2 s with the collector, 3.3 s without, on the machine in bench/README.md).
:func:`collector_paused` holds the collector off for one such step; reference counting
still frees everything as usual, and the collector runs again when the step ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off inside the ``with`` block.

    Nested use is safe: only the outermost block turns the collector back on, and a
    collector that was off before stays off.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
