import pytest


@pytest.fixture(autouse=True)
def private_files(private_media):
    """Research-plan attachments go to a temporary folder (tests/conftest.py)."""
    return private_media
