"""Placement benchmark: this engine against a textbook loop and the `matching` package.

    make bench-placement            (or: .venv/bin/python bench/placement.py [--quick])

Generates instances with skewed lab popularity (a few labs are wanted by many), writes the
national one to JSON and prints, side by side:
  - this engine: parse + solve + stability check in-process, and the end-to-end CLI
    (`fellowship placement solve IN.json --output OUT.json`, a fresh process) with its
    peak memory;
  - a plain textbook deferred-acceptance loop on the same data (rank tables, a list of
    held fellows per lab scanned for the worst), in-process and end to end;
  - the `matching` package's HospitalResident (1.4.3) at 5,000 x 500 and 20,000 x 2,000.
Targets (issue 3): CLI on the national instance under 3 s and faster than the textbook
loop; at least 300x faster than `matching` at 20,000 x 2,000; under 1 GiB.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fellowship.placement.engine import Optimal, solve  # noqa: E402
from fellowship.placement.instance_file import parse_instance, result_document  # noqa: E402

FELLOWSHIP = Path(sys.executable).with_name("fellowship")


# Instances ---------------------------------------------------------------------------------


def generate(
    n_fellows: int, n_labs: int, *, choices: int = 12, places: int | None = None, seed: int = 2026
) -> dict:
    """A JSON-ready instance. Lab popularity follows a Zipf-like law; labs rank everyone
    who chose them by a shared fellow quality plus the lab's own taste."""
    rng = random.Random(seed)
    places = places if places is not None else int(n_fellows * 0.91)
    labs = [f"L{j}" for j in range(n_labs)]
    weights = [1 / (j + 1) ** 0.7 for j in range(n_labs)]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    # Places roughly follow popularity, at least one each.
    capacity = [1] * n_labs
    for _ in range(places - n_labs):
        capacity[bisect.bisect(cumulative, rng.random() * total)] += 1
    quality = [rng.random() for _ in range(n_fellows)]
    applicants: list[list[int]] = [[] for _ in range(n_labs)]
    fellows = []
    for i in range(n_fellows):
        picked: list[int] = []
        seen: set[int] = set()
        while len(picked) < min(choices, n_labs):
            j = bisect.bisect(cumulative, rng.random() * total)
            if j not in seen:
                seen.add(j)
                picked.append(j)
        for j in picked:
            applicants[j].append(i)
        fellows.append({"id": f"F{i}", "choices": [labs[j] for j in picked]})
    lab_docs = []
    for j in range(n_labs):
        taste = {i: quality[i] + rng.random() * 0.5 for i in applicants[j]}
        ranking = sorted(applicants[j], key=taste.__getitem__, reverse=True)
        lab_docs.append(
            {"id": labs[j], "capacity": capacity[j], "ranking": [f"F{i}" for i in ranking]}
        )
    return {"fellows": fellows, "labs": lab_docs}


# The textbook loop -------------------------------------------------------------------------


def textbook(document: dict) -> dict[str, str | None]:
    """Fellow-proposing deferred acceptance as textbooks write it."""
    capacity = {lab["id"]: lab["capacity"] for lab in document["labs"]}
    rank = {lab["id"]: {f: r for r, f in enumerate(lab["ranking"])} for lab in document["labs"]}
    prefs = {f["id"]: f["choices"] for f in document["fellows"]}
    held: dict[str, list[str]] = {lab: [] for lab in capacity}
    next_choice = dict.fromkeys(prefs, 0)
    free = list(prefs)
    while free:
        fellow = free.pop()
        if next_choice[fellow] >= len(prefs[fellow]):
            continue
        lab = prefs[fellow][next_choice[fellow]]
        next_choice[fellow] += 1
        if fellow not in rank[lab]:
            free.append(fellow)
            continue
        held[lab].append(fellow)
        if len(held[lab]) > capacity[lab]:
            worst = max(held[lab], key=rank[lab].__getitem__)
            held[lab].remove(worst)
            free.append(worst)
    assignments: dict[str, str | None] = dict.fromkeys(prefs)
    for lab, fellows in held.items():
        for fellow in fellows:
            assignments[fellow] = lab
    return assignments


def textbook_end_to_end(path: str, out: str) -> None:
    """What the textbook loop costs as a command: read the file, solve, write the result."""
    document = json.loads(Path(path).read_text())
    Path(out).write_text(json.dumps({"assignments": textbook(document)}))


# Measuring ---------------------------------------------------------------------------------


def timed(fn, *args, repeat: int = 1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def run_child(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def engine_in_process(document: dict):
    instance = parse_instance(document)
    placement = solve(instance, Optimal.FELLOW)
    return result_document(instance, placement)


def matching_solve(document: dict) -> float | None:
    """Seconds for matching's HospitalResident to build and solve the game (None when the
    package is not installed: `make bench-placement` installs it)."""
    try:
        from matching.games import HospitalResident
    except ImportError:
        return None
    residents = {f["id"]: f["choices"] for f in document["fellows"]}
    hospitals = {lab["id"]: lab["ranking"] for lab in document["labs"]}
    capacities = {lab["id"]: lab["capacity"] for lab in document["labs"]}
    elapsed: list[float] = []

    def run():
        start = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        game.solve(optimal="resident")
        elapsed.append(time.perf_counter() - start)

    # The package deep-copies its linked player objects recursively: give it the stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return elapsed[0]


def row(*cells):
    widths = (34, 12, 12, 12)
    print(
        "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        )
    )


def main() -> None:
    if sys.argv[1:2] == ["--textbook"]:  # the textbook loop's own process
        textbook_end_to_end(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the national size")
    parser.add_argument("--skip-matching", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    n_fellows, n_labs, places = 45_000 // scale, 6_400 // scale, 41_000 // scale

    print(
        f"Generating the national instance: {n_fellows:,} fellows, {n_labs:,} labs, "
        f"12 choices each, {places:,} places ..."
    )
    national = generate(n_fellows, n_labs, places=places)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national.json"
        out = Path(folder) / "out.json"
        path.write_text(json.dumps(national))
        size_mb = path.stat().st_size / 2**20
        print(f"  instance file {size_mb:.1f} MiB")

        ours_solve, result = timed(engine_in_process, national, repeat=3)
        book_solve, book = timed(textbook, national, repeat=3)
        assert book == result["assignments"], "the textbook loop and the engine disagree"
        assert result["stable"], "the engine's placement is not stable"
        cli_time, cli_mem = min(
            (
                run_child([str(FELLOWSHIP), "placement", "solve", str(path), "--output", str(out)])
                for _ in range(3)
            ),
            key=lambda t: t[0],
        )
        book_cli, book_mem = min(
            (
                run_child([sys.executable, __file__, "--textbook", str(path), str(out)])
                for _ in range(3)
            ),
            key=lambda t: t[0],
        )

    print()
    print("National instance (fellow-optimal)")
    row("", "seconds", "vs engine", "")
    row("engine: parse + solve + check", f"{ours_solve:.2f}", "1.0x")
    row("textbook loop: solve only", f"{book_solve:.2f}", f"{book_solve / ours_solve:.2f}x")
    row("engine CLI, end to end", f"{cli_time:.2f}", "", f"{cli_mem:.0f} MiB peak")
    row(
        "textbook loop, end to end",
        f"{book_cli:.2f}",
        f"{book_cli / cli_time:.2f}x CLI",
        f"{book_mem:.0f} MiB peak",
    )
    stats = result["stats"]
    print(
        f"  placed {stats['placed']:,} of {stats['fellows']:,}; by choice rank "
        f"{stats['placed_by_choice_rank']}; unfilled places {stats['unfilled_places']:,}"
    )
    print(
        f"  target: CLI < 3 s: {'met' if cli_time < 3 else 'NOT met'}; "
        f"faster than the textbook loop end to end: {'met' if cli_time < book_cli else 'NOT met'}; "
        f"< 1 GiB: {'met' if cli_mem < 1024 else 'NOT met'}"
    )

    if args.skip_matching:
        return
    print()
    print("Against matching 1.4.3 HospitalResident (resident-optimal)")
    row("size", "engine s", "matching s", "ratio")
    for n, m in ((5_000, 500), (20_000, 2_000)):
        n, m = n // scale, m // scale
        document = generate(n, m, places=int(n * 0.91), seed=7)
        ours, result = timed(engine_in_process, document, repeat=3)
        theirs = matching_solve(document)
        if theirs is None:
            row(f"{n:,} x {m:,}", f"{ours:.3f}", "not installed", "")
            continue
        row(f"{n:,} x {m:,}", f"{ours:.3f}", f"{theirs:.1f}", f"{theirs / ours:,.0f}x")
    print("  target at 20,000 x 2,000: at least 300x")


if __name__ == "__main__":
    main()
