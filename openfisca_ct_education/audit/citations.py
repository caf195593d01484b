"""Citations: what a parameter says at an instant, since when, and on what authority; statute sections named in text.

A parameter's ``metadata.reference`` is keyed by date (``YYYY-MM-DD``), each key a list of
``{title, href}``. The references that apply at an instant are those of the latest key on or before
it: a re-enactment that kept a value (a later key, same value) is cited as the law in force. These are
the very ``metadata`` the web API's ``/parameter/<id>`` returns.
"""

from __future__ import annotations

import re

from openfisca_core.parameters import Parameter, ParameterScale

#: "C.G.S. § 10-262f(25)", "§ 10-262h(b)(2)", "C.G.S. 10-262u": section and subsection path.
_SECTION = re.compile(r"(?:C\.G\.S\.\s*§*\s*|§\s*)(\d+-\d+[a-z]*)((?:\([a-z0-9]+\))*)")
#: A term the statute defines, quoted right after its citation: definition of "foundation".
_DEFINED_TERM = re.compile(r'^[^"]{0,40}?(?:definitions? of |^[^"]{0,15}?)"([^"]+)"')
#: Public Acts as the docstrings name them: "PA 17-2 JSS", "PA 25-168".
_PUBLIC_ACT = re.compile(r"\bPA \d{2}-\d+(?: JSS)?")


def _dates(parameter) -> list[str]:
    """The dates at which a parameter's (or every bracket of a scale's) values change."""
    if isinstance(parameter, ParameterScale):
        return sorted(
            {at.instant_str for bracket in parameter.brackets for child in bracket.children.values() for at in child.values_list}
        )
    return sorted(at.instant_str for at in parameter.values_list)


def in_force_from(parameter, instant: str) -> str | None:
    """The date the value in force at ``instant`` (``YYYY-MM-DD``) took effect; None before the first."""
    earlier = [date for date in _dates(parameter) if date <= instant]
    return earlier[-1] if earlier else None


def references_at(parameter, instant: str) -> tuple[str | None, list[dict]]:
    """``(key date, [{title, href}, ...])`` of the parameter's references in force at ``instant``."""
    return citations_in_force((parameter.metadata or {}).get("reference"), instant)


def citations_in_force(reference, instant: str) -> tuple[str | None, list[dict]]:
    """From a ``metadata.reference`` mapping (as in the YAML, or as ``/parameter/<id>`` returns it),
    ``(key date, [{title, href}, ...])`` in force at ``instant``: the latest key on or before it; if
    every key is later, the earliest (the law's text is newer than the value), so a parameter is never
    shown without its authority.
    """
    if not isinstance(reference, dict) or not reference:
        return None, []
    by_date = {str(key): entries for key, entries in reference.items()}
    keys = sorted(by_date)
    earlier = [key for key in keys if key <= instant]
    key = earlier[-1] if earlier else keys[0]
    return key, [{"title": entry["title"], "href": entry["href"]} for entry in by_date[key]]


def scale_brackets(parameter: ParameterScale, instant: str) -> list[dict]:
    """A scale's brackets in force at ``instant``: ``[{threshold, amount|rate}, ...]``."""
    rows = []
    for bracket in parameter.brackets:
        row = {}
        for name, child in bracket.children.items():
            row[name] = child(instant)
        rows.append(row)
    return rows


def parameter_value(parameter, instant: str):
    """The value in force at ``instant``: a number, or a scale's brackets."""
    if isinstance(parameter, ParameterScale):
        return scale_brackets(parameter, instant)
    if isinstance(parameter, Parameter):
        return parameter(instant)
    raise TypeError(f"{parameter.name} is a node, not a parameter")


def statute_sections(text: str | None) -> list[tuple[str, str]]:
    """``[(section, subsection), ...]`` named in ``text``: ("10-262f", "(25)"), ("10-262h", "")."""
    return [(match.group(1), match.group(2)) for match in _SECTION.finditer(text or "")]


def defined_term(text: str) -> str | None:
    """The defined term a citation introduces ('foundation' in 'C.G.S. § 10-262f, definition of "foundation"')."""
    after = _SECTION.search(text or "")
    if after is None:
        return None
    match = _DEFINED_TERM.search(text[after.end():])
    return match.group(1) if match else None


def public_acts(text: str | None) -> list[str]:
    """Public Acts named in ``text``, in order, each once."""
    return list(dict.fromkeys(_PUBLIC_ACT.findall(text or "")))


def first_clause(text: str | None) -> str:
    """The documentation's first clause, its citation ("C.G.S. § 10-262f(25), definition of ...").

    It ends at the first ": " or sentence-ending "." outside parentheses and quotes ("C.G.S." is not
    a sentence end).
    """
    text = " ".join((text or "").split())
    depth, quoted = 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not quoted and char in ".:;" and text[index + 1 : index + 2] in (" ", ""):
            if char == "." and text[max(0, index - 5) : index] in ("C.G.S", "e.g", "i.e"):
                continue
            return text[:index]
    return text
