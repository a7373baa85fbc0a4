"""Matching authors to the program's people: sure links, uncertain ones, and ambiguity."""

import pytest

from fellowship.publications.matching import LINK, NONE, REVIEW, Person, match_author

FAY = Person("fellow", 1, "Fay", "Fellow", "Marie")
FRANK = Person("fellow", 2, "Frank", "Fellow")
MINA = Person("faculty", 3, "Mina", "Mentor")
ROBERT = Person("faculty", 4, "Robert", "Müller-López")
JORDAN = Person("fellow", 5, "Jordan", "Baptiste")


@pytest.mark.parametrize(
    ("last", "fore", "initials"),
    [
        ("Fellow", "Fay", "F"),
        ("Fellow", "Fay M", "FM"),
        ("FELLOW", "fay marie", ""),
    ],
)
def test_the_same_given_name_is_a_sure_match(last, fore, initials):
    found = match_author(last, fore, initials, [FAY, MINA])
    assert (found.outcome, found.person) == (LINK, FAY)


def test_accents_hyphens_and_case_are_set_aside_in_family_names():
    found = match_author("Muller Lopez", "Robert", "R", [ROBERT])
    assert (found.outcome, found.person) == (LINK, ROBERT)


def test_a_short_form_of_the_given_name_goes_to_review():
    found = match_author("Muller-Lopez", "Bob", "B", [ROBERT])
    # Bob is not R: the initials rule him out before the variant is considered.
    assert found.outcome == NONE
    found = match_author("Muller-Lopez", "Rob", "R", [ROBERT])
    assert found.outcome == REVIEW and found.candidates == [ROBERT]
    assert "short form" in found.reason


def test_initials_alone_go_to_review():
    found = match_author("Mentor", "", "M", [MINA])
    assert (found.outcome, found.candidates) == (REVIEW, [MINA])


def test_two_people_who_could_be_the_author_are_never_linked_silently():
    found = match_author("Fellow", "", "F", [FAY, FRANK, MINA])
    assert found.outcome == REVIEW
    assert found.person is None
    assert found.candidates == [FAY, FRANK]
    assert "2 people" in found.reason


def test_a_sure_match_beside_another_possible_person_still_goes_to_review():
    # "Fellow F" with a full given name "F." is initials; Fay and Frank both fit.
    found = match_author("Fellow", "F.", "F", [FAY, FRANK])
    assert found.outcome == REVIEW and set(found.candidates) == {FAY, FRANK}


def test_a_different_given_name_with_the_same_initial_is_not_the_person():
    found = match_author("Fellow", "Fiona", "F", [FAY, FRANK])
    assert found.outcome == NONE


def test_disagreeing_initials_rule_a_person_out():
    assert match_author("Fellow", "", "FK", [FAY]).outcome == NONE  # Fay's middle is M
    assert match_author("Fellow", "Gail", "G", [FAY]).outcome == NONE


def test_a_middle_initial_the_record_lacks_is_uncertain():
    found = match_author("Baptiste", "Jordan E", "JE", [JORDAN])
    assert found.outcome == REVIEW and found.candidates == [JORDAN]


def test_a_family_name_alone_is_at_most_a_candidate():
    found = match_author("Mentor", "", "", [MINA])
    assert found.outcome == REVIEW


def test_nobody_of_the_program():
    assert match_author("Okafor", "Chidi", "C", [FAY, MINA]).outcome == NONE
