"""A service package that loads its parts on first use (PEP 562): ``points.summary`` imports ``points/totals.py``
the first time it is asked for, so a command that needs one part of an area does not pay for the others.

The package lists its public names twice — under ``TYPE_CHECKING`` for the type checker, and in ``WHERE`` (name →
submodule) for run time; tests/unit/test_lazy_packages.py checks the two agree. A submodule must not share a
public name: importing ``pkg.x`` sets the package's attribute ``x`` to the module, hiding a function ``x``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """The package's module-level ``__getattr__``: ``where`` maps each public name to the submodule holding it."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # once: the next look-up is a plain module attribute
        return value

    return __getattr__
