"""`fellowship placement solve`: results for good files, exit 2 and no output for bad ones."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fellowship.placement.solve_file import main

FELLOWSHIP = Path(sys.executable).with_name("fellowship")
GOOD = {
    "fellows": [
        {"id": "F1", "choices": ["L2", "L1"]},
        {"id": "F2", "choices": ["L1"]},
        {"id": "F3", "choices": ["L1", "L3"]},
    ],
    "labs": [
        {"id": "L1", "capacity": 1, "ranking": ["F2", "F1", "F3"]},
        {"id": "L2", "capacity": 0, "ranking": []},
        {"id": "L3", "capacity": 2, "ranking": ["F3"]},
    ],
}


def write(tmp_path, document, name="instance.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_writes_the_result_to_the_output_file(tmp_path):
    out = tmp_path / "out.json"
    assert main([str(write(tmp_path, GOOD)), "--output", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["assignments"] == {"F1": None, "F2": "L1", "F3": "L3"}
    assert result["stable"] is True
    assert result["stats"]["placed_by_choice_rank"] == {"1": 1, "2": 1}
    assert result["stats"]["unfilled_places"] == 1


def test_prints_to_stdout_and_takes_lab_optimal(tmp_path, capsys):
    assert main([str(write(tmp_path, GOOD)), "--optimal", "lab"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["optimal"] == "lab" and result["stable"] is True
    assert list(result["assignments"]) == ["F1", "F2", "F3"]


def bad(fellows=None, labs=None, **top):
    document = json.loads(json.dumps(GOOD))
    if fellows is not None:
        document["fellows"] = fellows
    if labs is not None:
        document["labs"] = labs
    document.update(top)
    return document


LAB = {"id": "L1", "capacity": 1, "ranking": []}


def first_lab(lab):
    """GOOD with its first lab replaced."""
    return bad(labs=[lab, *GOOD["labs"][1:]])


BAD_INPUTS = [
    ("not json", "{oops", "is not valid JSON"),
    ("not an object", [], "must be a JSON object"),
    ("no fellows", {"labs": []}, "'fellows' must be a list"),
    ("labs not a list", {"fellows": [], "labs": {}}, "'labs' must be a list"),
    ("unknown top field", bad(extra=1), "unknown top-level field(s): extra"),
    ("fellow not object", bad(fellows=["F1"]), "fellows[0]: must be an object"),
    ("fellow without id", bad(fellows=[{"choices": []}]), "fellows[0]: id must be a non-empty"),
    ("empty id", bad(fellows=[{"id": "", "choices": []}]), "fellows[0]: id must be a non-empty"),
    ("id not a string", bad(fellows=[{"id": 7, "choices": []}]), "fellows[0]: id must be"),
    (
        "duplicate fellow",
        bad(fellows=[{"id": "F1", "choices": []}, {"id": "F1", "choices": []}]),
        'fellows[1] (id "F1"): id "F1" is used by another fellow',
    ),
    ("no choices", bad(fellows=[{"id": "F1"}]), 'fellows[0] (id "F1"): choices is missing'),
    (
        "choices not a list",
        bad(fellows=[{"id": "F1", "choices": "L1"}]),
        'fellows[0] (id "F1"): choices must be a list of lab ids',
    ),
    (
        "unknown lab",
        bad(fellows=[{"id": "F1", "choices": ["L9"]}]),
        'fellows[0] (id "F1"): choices names unknown lab "L9"',
    ),
    (
        "repeated choice",
        bad(fellows=[{"id": "F1", "choices": ["L1", "L1"]}]),
        'fellows[0] (id "F1"): choices names lab "L1" twice',
    ),
    (
        "choice not a string",
        bad(fellows=[{"id": "F1", "choices": [1]}]),
        'fellows[0] (id "F1"): choices[0] must be a non-empty string',
    ),
    (
        "unknown fellow field",
        bad(fellows=[{"id": "F1", "choices": [], "rank": 1}]),
        'fellows[0] (id "F1"): unknown field(s): rank',
    ),
    (
        "duplicate lab",
        bad(labs=[LAB, *GOOD["labs"]]),
        'labs[1] (id "L1"): id "L1" is used by another lab',
    ),
    (
        "negative capacity",
        first_lab({**LAB, "capacity": -1}),
        'labs[0] (id "L1"): capacity must be an integer >= 0, not -1',
    ),
    (
        "fractional capacity",
        first_lab({**LAB, "capacity": 1.5}),
        "capacity must be an integer >= 0, not 1.5",
    ),
    ("boolean capacity", first_lab({**LAB, "capacity": True}), "not True"),
    ("missing capacity", first_lab({"id": "L1", "ranking": []}), "not None"),
    ("missing ranking", first_lab({"id": "L1", "capacity": 1}), "ranking is missing"),
    (
        "unknown fellow in ranking",
        first_lab({**LAB, "ranking": ["F9"]}),
        'labs[0] (id "L1"): ranking names unknown fellow "F9"',
    ),
    (
        "repeated in ranking",
        first_lab({**LAB, "ranking": ["F1", "F1"]}),
        'ranking names fellow "F1" twice',
    ),
]


@pytest.mark.parametrize(
    ("case", "document", "message"), BAD_INPUTS, ids=[c for c, _, _ in BAD_INPUTS]
)
def test_bad_input_exits_2_names_the_problem_and_writes_nothing(
    tmp_path, capsys, case, document, message
):
    out = tmp_path / "out.json"
    status = main([str(write(tmp_path, document)), "--output", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert message in captured.err, captured.err
    assert captured.out == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "instance.json"]


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_bad_option_exits_2(tmp_path):
    with pytest.raises(SystemExit) as exited:
        main([str(write(tmp_path, GOOD)), "--optimal", "director"])
    assert exited.value.code == 2


def test_the_installed_command_runs_without_a_database(tmp_path):
    out = tmp_path / "out.json"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    done = subprocess.run(
        [str(FELLOWSHIP), "placement", "solve", str(write(tmp_path, GOOD)), "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["assignments"]["F3"] == "L3"
    refused = subprocess.run(
        [str(FELLOWSHIP), "placement", "solve", str(write(tmp_path, "[]", "bad.json"))],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert refused.returncode == 2 and "must be a JSON object" in refused.stderr


def test_the_django_command_delegates(tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "out.json"
    call_command("placement", "solve", str(write(tmp_path, GOOD)), "--output", str(out))
    assert json.loads(out.read_text())["stable"] is True
    with pytest.raises(CommandError) as failed:
        call_command("placement", "solve", str(write(tmp_path, "[]", "bad.json")))
    assert failed.value.returncode == 2
