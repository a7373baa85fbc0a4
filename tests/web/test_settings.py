"""Production settings pass Django's deployment checks when given real values."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

FELLOWSHIP = Path(sys.executable).with_name("fellowship")


def run_check(extra_env):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(extra_env)
    return subprocess.run(
        [str(FELLOWSHIP), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_real_values():
    result = run_check(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "fellowship.example.edu",
            "DATABASE_URL": "sqlite:////tmp/fellowship-check-deploy.sqlite3",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_key():
    result = run_check({"ALLOWED_HOSTS": "fellowship.example.edu"})
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
