"""Ids from a request: one check, `core.ids.parse_id`."""

import pytest
from django.http import Http404

from fellowship.core.ids import LARGEST_ID, id_or_404, parse_id


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(LARGEST_ID)])
def test_a_whole_number_in_range_is_an_id(value):
    assert parse_id(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value", [None, "", "abc", "²", "١", "-1", "0", "1.5", "1e3", str(LARGEST_ID + 1), "9" * 40]
)
def test_anything_else_is_not(value):
    assert parse_id(value) is None
    with pytest.raises(Http404, match="is not an id"):
        id_or_404(value)
