"""Test settings: the real settings with fast hashing, in-memory mail and plain HTTP."""

import os

os.environ.setdefault("HTTPS", "0")

from fellowship.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True  # serve from the apps' static folders; no collectstatic in tests
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the browser keeps real time; the suite does not
