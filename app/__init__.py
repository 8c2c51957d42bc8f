"""先锋榜 Pioneer Board core: data, rules and services. No Qt import anywhere below this package."""

import gc

__version__ = "0.1.0"

_gc_paused = False


def pause_gc_for_start_up() -> None:
    """For a whole process starting (the CLI's or the GUI's ``main()`` without an argument list, not a test calling
    it): no cycle collection while the libraries and the data layer are imported — about 10⁵ objects that live as
    long as the process, and 0.05–0.1 s of collections scanning them. :func:`resume_gc` ends the pause."""
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def resume_gc() -> None:
    """After the start-up imports (the database is open): what exists now is frozen (never scanned again, as it
    lives on anyway) and collection resumes for what the work makes. Does nothing unless paused."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()
