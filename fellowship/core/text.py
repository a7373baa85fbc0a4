"""Control characters in what people type: refused in names, removed from mail headers.

A line break in a fellow's name ("Fay\\r\\nBcc: ...") goes into an email subject, where
Django refuses it (BadHeaderError) — too late: the change it was telling about is saved,
and the committee is never told. Names refuse control characters when they are saved
(`no_control_characters` on the model field), and `one_line` cleans a mail subject as the
last guard for text that comes from anywhere else.
"""

import re

from django.core.validators import RegexValidator

CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"  # C0, DEL, C1, line separators

no_control_characters = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message="A name cannot hold line breaks, tabs or other control characters.",
    code="control_characters",
)

_RUNS = re.compile(CONTROL_CHARACTERS + "+")


def one_line(text: str) -> str:
    """`text` with each run of control characters (line breaks, tabs) made one space."""
    return " ".join(_RUNS.sub(" ", text).split())
