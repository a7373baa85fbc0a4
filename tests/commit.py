"""Run what a transaction leaves for its commit (uploaded files are written then), as the
end of a request does; a test's own transaction never commits."""

from django.test import TestCase


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)
