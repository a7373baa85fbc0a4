"""The demo program's core records, read from the TOML files beside this module.

`program.toml` (demo password, topics, program, demo accounts, institutions),
`laboratories.toml`, `faculty.toml` and `fellows.toml` are data, not code: they are written
as if the academic year were 2026-27 and `fellowship.demo.programs` loads them, moved to the
academic year of the day it runs. Dates are TOML dates; a key TOML cannot leave empty (no
laboratory yet, a position still held) is left out and reads as None here.
`curriculum.toml` (the course catalog and requirement versions) is read by
`fellowship.demo.curriculum`.
"""

import tomllib
from importlib import resources


def read(name: str) -> dict:
    """One of the TOML files beside this module, parsed."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def _fellow(spec: dict) -> dict:
    positions = [{"end": None, **position} for position in spec.get("positions", [])]
    return {"laboratory": None, **spec, "positions": positions}


_program = read("program.toml")

DEMO_PASSWORD: str = _program["password"]
TOPICS: list[str] = _program["topics"]
PROGRAM: dict = _program["program"]
DEMO_ACCOUNTS: list[dict] = _program["accounts"]
INSTITUTIONS: list[dict] = _program["institutions"]
LABORATORIES: list[dict] = read("laboratories.toml")["laboratories"]
FACULTY: list[dict] = read("faculty.toml")["faculty"]
FELLOWS: list[dict] = [_fellow(spec) for spec in read("fellows.toml")["fellows"]]
