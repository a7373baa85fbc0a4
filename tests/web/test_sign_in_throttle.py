"""Sign-in throttling (django-axes): wrong passwords lock an account and an address; the
director lifts a lockout (issue 15, item 5)."""

from django.conf import settings
from django.urls import reverse

from fellowship.activity.models import ActivityEntry

PASSWORD = "test-password"  # tests/factories.py
LOCKED = "Too many failed sign-ins; try again in 15 minutes or ask the program director."


def sign_in(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock_account(client, email):
    """The failure limit of wrong passwords, each from another address (only the account
    reaches the limit), with the email in changing case (it still counts as one account)."""
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit):
        typed = email.upper() if n % 2 else email
        response = sign_in(client, typed, "wrong", address=f"10.0.1.{n}")
        # The ordinary "didn't match" page until the failure that reaches the limit.
        assert response.status_code == (429 if n == limit - 1 else 200)


def test_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(client, world):
    email = world.fellow.email
    lock_account(client, email)
    response = sign_in(client, email, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert f'value="{email}"' in page  # the email that was typed is kept
    assert not signed_in(client)


def test_wrong_passwords_from_one_address_lock_that_address_for_every_account(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}@test.org", "wrong", address="10.0.0.66")
    response = sign_in(client, world.coordinator.email, PASSWORD, address="10.0.0.66")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    # Another address signs the same account in.
    response = sign_in(client, world.coordinator.email, PASSWORD, address="10.0.0.67")
    assert response.status_code == 302 and signed_in(client)


def test_a_few_wrong_passwords_do_not_lock_anyone(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, world.fellow.email, "wrong")
    response = sign_in(client, world.fellow.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def lockouts_url(world, program=None):
    return reverse("web:lockouts", kwargs={"program": (program or world.program).slug})


def lift_url(world, program=None):
    return reverse("web:lockout_lift", kwargs={"program": (program or world.program).slug})


def test_the_director_sees_the_locked_account_and_lifts_it(client, world):
    email = world.fellow.email
    lock_account(client, email)
    client.force_login(world.director)
    page = client.get(lockouts_url(world)).content.decode()
    assert email in page and "Lift" in page

    response = client.post(lift_url(world), {"account": email}, follow=True)
    assert f"Lifted the lockout of {email}" in response.content.decode()
    assert email not in client.get(lockouts_url(world)).content.decode()
    assert ActivityEntry.objects.filter(summary__contains=email, verb="lifted").exists()

    client.logout()
    response = sign_in(client, email, PASSWORD, address="10.9.9.9")
    assert response.status_code == 302 and signed_in(client)


def test_the_director_lifts_a_locked_address(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}@test.org", "wrong", address="10.0.0.66")
    client.force_login(world.director)
    assert "10.0.0.66" in client.get(lockouts_url(world)).content.decode()
    client.post(lift_url(world), {"address": "10.0.0.66"})
    client.logout()
    response = sign_in(client, world.fellow.email, PASSWORD, address="10.0.0.66")
    assert response.status_code == 302 and signed_in(client)


def test_only_the_director_may_lift(client, world):
    lock_account(client, world.fellow.email)
    client.force_login(world.coordinator)
    response = client.post(lift_url(world), {"account": world.fellow.email})
    assert response.status_code == 403
    client.logout()
    assert sign_in(client, world.fellow.email, PASSWORD, address="10.9.9.9").status_code == 429


def test_another_programs_director_neither_sees_nor_lifts_this_programs_accounts(client, world):
    from tests.web._roles import user_for

    email = world.fellow.email
    lock_account(client, email)
    outsider = user_for(world, "outsider")  # director of the other program
    client.force_login(outsider)
    other = world.other_program
    assert email not in client.get(lockouts_url(world, other)).content.decode()
    response = client.post(lift_url(world, other), {"account": email}, follow=True)
    assert f"{email} is not an account of this program." in response.content.decode()
    client.logout()
    assert sign_in(client, email, PASSWORD, address="10.9.9.9").status_code == 429


def test_lifting_a_malformed_address_is_a_clear_refusal(client, world):
    client.force_login(world.director)
    response = client.post(lift_url(world), {"address": "not-an-address'--"}, follow=True)
    assert response.status_code == 200
    assert "Enter a valid IPv4 or IPv6 address." in response.content.decode()
    response = client.post(lift_url(world), {}, follow=True)
    assert "Say which account or address" in response.content.decode()


def test_behind_a_proxy_each_client_is_its_own_address(client, world, settings):
    """With PROXY_COUNT=1 the address is the one our proxy appended to X-Forwarded-For,
    not the proxy's own (which would lock everyone out at once) nor a forged entry."""
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess{n}@test.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",  # forged left, real right
            **proxy,
        )
    blocked = client.post(
        reverse("login"),
        {"username": world.fellow.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )
    assert blocked.status_code == 429
    other = client.post(
        reverse("login"),
        {"username": world.fellow.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
        **proxy,
    )
    assert other.status_code == 302 and signed_in(client)


def test_a_name_longer_than_any_email_is_counted_not_a_500(client, world):
    """axes keeps the name in a 255-character column: PostgreSQL refused 1,084 characters
    typed as a name with a 500 (found by tests/web/test_fuzz.py)."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "x" * 1084, "password": "wrong"})
    assert response.status_code == 200
    assert "x" * 254 in AccessAttempt.objects.values_list("username", flat=True)
