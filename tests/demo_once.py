"""The demo loaded once per test module, for modules whose tests only read it."""

import pytest
from django.db import transaction

from fellowship.demo.programs import load_demo_program
from fellowship.programs.models import Program


def demo_once(*loaders):
    """Fixtures `module_demo` and `demo`: the demo program and `loaders` run on it, loaded
    once for the module in a transaction rolled back at its end (each test's own changes
    are rolled back at the end of the test). Use: `module_demo, demo = demo_once(load_x)`."""

    @pytest.fixture(scope="module")
    def module_demo(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            program = load_demo_program()
            for load in loaders:
                load(program)
            yield program
            transaction.set_rollback(True)

    @pytest.fixture
    def demo(module_demo, db):
        return Program.objects.get(pk=module_demo.pk)

    return module_demo, demo
