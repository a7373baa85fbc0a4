"""The one mail path: queued once the deciding transaction commits, one message each."""

import pytest
from django.db import transaction

from fellowship.core.mail import send_after_commit

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_leaves_after_the_commit_one_message_per_address(mailoutbox):
    with transaction.atomic():
        send_after_commit(subject="S", body="B", to=["a@x.org", "", "b@x.org", "a@x.org"])
        assert mailoutbox == []
    assert [m.to for m in mailoutbox] == [["a@x.org"], ["b@x.org"]]


def test_a_change_that_rolls_back_sends_nothing(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(subject="S", body="B", to=["a@x.org"])
        raise RuntimeError("the change fails")
    assert mailoutbox == []


def test_a_subject_with_a_line_break_is_sent_on_one_line(mailoutbox):
    """A name with CR/LF in a subject made Django refuse the mail (BadHeaderError)."""
    with transaction.atomic():
        send_after_commit(
            subject="Thesis defense of Fay\r\nBcc: victim@evil.example\tFellow cancelled",
            body="B",
            to=["a@x.org"],
        )
    assert [m.subject for m in mailoutbox] == [
        "Thesis defense of Fay Bcc: victim@evil.example Fellow cancelled"
    ]
    assert mailoutbox[0].bcc == []
