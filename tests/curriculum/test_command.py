"""`fellowship curriculum audit --fellow EMAIL [--format json|text]`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import curriculum_for

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("curriculum", "audit", *args, stdout=out)
    return out.getvalue()


def test_text(world):
    curriculum_for(world)
    text = run("--fellow", "FELLOW@test.org")
    assert text.startswith("Degree audit: Fay Fellow <fellow@test.org>, cohort 2025\n")
    assert "[x] BMI 701  counted: BMI 701" in text
    assert "[~] Electives 0/6  planned: BMI 710, BMI 720  -- 6 more elective credits" in text
    assert "On track. The plan completes the degree" in text
    assert "  Spring 2027: BMI 720, BMI 890" in text


def test_json(world):
    curriculum_for(world)
    data = json.loads(run("--fellow", "fellow@test.org", "--format", "json"))
    assert data["version"] == "MMSc 2020"
    assert data["credits_earned"] == 12.0
    assert data["plan"]["completes_by_appointment_end"] is True
    assert "6 more elective credits" in data["still_lacks"]
    labels = [r["label"] for r in data["requirements"]]
    assert labels[:2] == ["BMI 701", "BMI 702"]


def test_unknown_email_exits_2(world):
    with pytest.raises(CommandError) as error:
        run("--fellow", "nobody@test.org")
    assert error.value.returncode == 2
    assert "No fellow has the email address “nobody@test.org”" in str(error.value)
    with pytest.raises(CommandError) as error:
        run("--fellow", "fellow@test.org", "--program", "nope")
    assert error.value.returncode == 2
