import pytest


@pytest.fixture(autouse=True)
def thesis_files(settings, tmp_path):
    """Uploaded theses go to a temporary folder, not the checkout's media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
