"""The one error type of refdash: a code and its parameters, translated where it is shown.

Code raises ``RefdashError("import.too_many_rows", limit=..., file=...)`` where the constraint
is known; a page or the CLI shows ``error.message(lang)``. The text lives in the catalogs under
``error.<code>`` (see :mod:`refdash.i18n`), so no code ever matches an English sentence to tell
two errors apart: compare ``error.code``.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Parameters whose value is itself a catalog key suffix, translated with the message:
#: ``field="owner"`` shows as the label of the import field "owner" in the user's language.
TRANSLATED_PARAMS: Mapping[str, str] = {
    "field": "data.field.{}",      # an import field (several: comma-separated)
    "knob": "sim.knob.{}",         # a simulator knob
    "kind": "data.kind.{}",        # an import kind (clients, events, referrals, activities)
}


class RefdashError(Exception):
    """Something refdash refuses or cannot do, named by ``code`` (``area.reason``) with the
    values that explain it in ``params`` (file, row, column, value, limit...)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def area(self) -> str:
        """The first part of the code (``import``, ``store``, ``entry``, ``scenario``...)."""
        return self.code.split(".", 1)[0]

    def message(self, lang: str) -> str:
        """The explanation in ``lang``, with field and knob names in the user's words."""
        from refdash import i18n  # i18n's catalogs import nothing from here; keep it lazy

        params = dict(self.params)
        for name, template in TRANSLATED_PARAMS.items():
            if name in params and params[name] is not None:
                params[name] = ", ".join(
                    i18n.translate(template.format(part.strip()), lang)
                    for part in str(params[name]).split(","))
        return i18n.translate(f"error.{self.code}", lang, **params)

    def markdown_message(self, lang: str) -> str:
        """:meth:`message` for a markdown element (``st.error``...): the values it quotes (a
        file name, a cell, a header, a name the user typed) shown literally, the sentence
        around them as written."""
        from refdash import i18n

        params = {k: i18n.literal(v) if isinstance(v, str) and k not in TRANSLATED_PARAMS
                  else v for k, v in self.params.items()}
        return RefdashError(self.code, **params).message(lang)

    def __str__(self) -> str:
        try:
            return self.message("en")
        except (KeyError, IndexError, ValueError):  # a code without a catalog entry yet
            return f"{self.code} {self.params}"
