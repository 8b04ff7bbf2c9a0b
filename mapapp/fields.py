"""The forms of a value other modules check too: ids and links (the schema's own, re-exported)."""

from mapapp.schema_types import ID_PATTERN, LINK_PATTERN, describe

__all__ = ["ID_PATTERN", "LINK_PATTERN", "describe"]
