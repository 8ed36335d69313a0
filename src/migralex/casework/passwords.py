"""Refusing common and guessable passwords, saying why.

A password is refused when it is shorter than :data:`MIN_LENGTH`; when, lower-cased and without
trailing digits and punctuation, it is on the bundled list of the most common passwords
(``common_passwords.txt``) or is the username; when it uses fewer than :data:`MIN_DISTINCT` different
characters (``aaaaaaaa``); or when it is a run of a keyboard row, the alphabet or the digits
(``12345678``, ``qwertyui``, ``abcdefgh``, also backwards).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from migralex.i18n import N_

MIN_LENGTH = 8
MIN_DISTINCT = 5
_RUNS = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "1qaz2wsx3edc4rfv5tgb",
)
_TRAILING = "0123456789!@#$%^&*?.,-_+= "


@cache
def common() -> frozenset[str]:
    """The bundled common passwords (lower case)."""
    text = (resources.files("migralex.casework") / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_run(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in _RUNS)


def weakness(password: str, username: str = "") -> str | None:
    """Why ``password`` is too easy to guess, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return N_("the password must have at least %(n)s characters", n=MIN_LENGTH)
    lowered = password.lower()
    core = lowered.rstrip(_TRAILING) or lowered
    if core in common() or lowered in common():
        return N_("the password is one of the most commonly used passwords")
    if username and (username.lower() in lowered or core in username.lower()):
        return N_("the password must not contain the username")
    if len(set(lowered)) < MIN_DISTINCT:
        return N_("the password must use at least %(n)s different characters", n=MIN_DISTINCT)
    if _is_run(lowered) or _is_run(core):
        return N_("the password is a run of keys, letters or digits (like 12345678 or qwertyui)")
    return None
