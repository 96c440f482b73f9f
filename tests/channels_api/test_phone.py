"""channels_api.phone: what people type becomes what CM.com wants, or a clear refusal."""

import pytest

from channels_api.phone import InvalidPhoneNumber, is_phone_number, normalise_phone_number


@pytest.mark.parametrize(
    "typed",
    [
        "+31 6 1234 5678",
        "0031612345678",
        "+31612345678",
        "(+31) 6-12 34 56 78",
        " 0031 6 12345678 ",
    ],
)
def test_the_ways_people_type_a_dutch_mobile_all_become_the_00_form(typed):
    assert normalise_phone_number(typed) == "0031612345678"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter a phone number"),
        ("06 1234 5678", "international form"),
        ("+31 6 1234 abcd", "only contain digits"),
        ("+0 6 1234 5678", "never starts with 0"),
        ("+31 6", "8 to 15 digits"),
        ("+31 6 1234 5678 9012 345", "8 to 15 digits"),
    ],
)
def test_what_cannot_be_a_phone_number_is_refused_with_a_reason(typed, says):
    with pytest.raises(InvalidPhoneNumber, match=says):
        normalise_phone_number(typed)
    assert not is_phone_number(typed)
