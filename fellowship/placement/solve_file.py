"""`fellowship placement solve INSTANCE.json [--optimal fellow|lab] [--output OUT.json]`.

Runs without Django or a database (the `fellowship` script calls it before setting Django
up), so a consortium can run its match from a file. Invalid input: exit status 2, a message
on stderr naming the fellow, lab or field, and no output file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from .engine import Optimal, solve
from .instance_file import InstanceError, parse_instance, result_document

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fellowship placement solve",
        description="Solve a placement instance (deferred acceptance with lab capacities).",
    )
    parser.add_argument("instance", help="the instance, a JSON file ('-' for standard input)")
    parser.add_argument(
        "--optimal",
        choices=[o.value for o in Optimal],
        default=Optimal.FELLOW.value,
        help="whose optimal stable placement to produce (default: fellow)",
    )
    parser.add_argument("--output", help="write the result here instead of standard output")
    return parser


def _read(path: str) -> object:
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except OSError as error:
        raise InstanceError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstanceError(f"{path} is not valid JSON: {error}") from error


def _write(document: dict, path: str | None) -> None:
    text = json.dumps(document, ensure_ascii=False)
    if path is None:
        sys.stdout.write(text + "\n")
        return
    # Write beside the target and rename, so a failure never leaves half a file.
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".placement-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with status 2 on bad arguments
    try:
        instance = parse_instance(_read(args.instance))
    except InstanceError as error:
        print(f"fellowship placement solve: invalid instance: {error}", file=sys.stderr)
        return USAGE_ERROR
    placement = solve(instance, Optimal(args.optimal))
    try:
        _write(result_document(instance, placement), args.output)
    except OSError as error:
        print(f"fellowship placement solve: cannot write {args.output}: {error}", file=sys.stderr)
        return 1
    return 0
