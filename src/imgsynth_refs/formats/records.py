"""``json``: the records as the models dump them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..export import Writer, register
from . import write_json

if TYPE_CHECKING:
    from ..models import Reference

__all__ = ["JsonWriter"]


@register
class JsonWriter(Writer):
    """The records as the models dump them; read back with ``TypeAdapter(list[Reference])``."""

    name = "json"
    suffixes = (".json",)
    description = "the records as JSON (imgsynth_refs.models.Reference)"
    house_styled = False

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        write_json([ref.model_dump(mode="json", exclude_none=True) for ref in refs], stream)
