"""Regular expressions compiled on first use.

A module constant made with :func:`re.compile` costs its compile time at import, whether or
not the run uses it: the identifier rules alone took 8 ms of every ``export``, which uses
none of them. :func:`compile` defers that to the pattern's first use, as Django's
``_lazy_re_compile`` does. Each attribute read (``match``, ``search``, ``pattern``, ...) is
then kept on the object, so later calls cost what the compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["compile"]


class _Pattern:
    """Stands for ``re.compile(pattern, flags)`` until one of its attributes is read."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not yet kept on the object; a pattern's own attributes
        # have no leading underscore (and an object copied without __init__ has no _args).
        if name.startswith("_"):
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazyre.compile({self._args[0]!r}, {self._args[1]!r})"


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _Pattern(pattern, flags))
