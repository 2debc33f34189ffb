import pytest
from django.core.exceptions import ValidationError

from participants import personnummer
from participants.demo import demo_personnummer


@pytest.mark.parametrize(
    "typed",
    ["19121212-1212", "191212121212", "121212-1212", "1212121212", " 19121212-1212 "],
)
def test_accepted_forms_are_stored_as_12_digits(typed):
    # 121212-1212 without century is read as the most recent 1212-12-12 that is not in the future: 2012.
    expected = "201212121212" if len(typed.strip().replace("-", "")) == 10 else "191212121212"
    assert personnummer.normalise(typed) == expected


@pytest.mark.parametrize(
    "typed, code",
    [
        ("19121212-1213", "checksum"),
        ("19121312-1212", "date"),  # month 13
        ("19120230-1216", "date"),  # 30 February
        ("1212-12-12", "format"),
        ("abc", "format"),
        ("19121212-121", "format"),
        ("", "format"),
    ],
)
def test_invalid_personnummer_gets_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        personnummer.normalise(typed)
    assert error.value.code == code


def test_future_date_of_birth_is_refused():
    body = "301231980"  # 2130-12-31 can only be read as the future with a 12-digit form
    from stdnum import luhn

    with pytest.raises(ValidationError) as error:
        personnummer.normalise("21" + body + luhn.calc_check_digit(body))
    assert error.value.code == "future"
    assert "framtiden" in error.value.messages[0]


def test_masked_and_formatted():
    assert personnummer.masked("191212121212") == "19121212-****"
    assert personnummer.formatted("191212121212") == "19121212-1212"


def test_demo_numbers_are_valid_unique_and_in_the_test_series():
    numbers = [demo_personnummer(i) for i in range(13_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(personnummer.is_valid_normalised(n) for n in numbers)
    assert all(980 <= int(n[8:11]) <= 999 for n in numbers)


@pytest.mark.parametrize("typed", ["19900171-2380", "900171-2380", "199001712380"])
def test_a_samordningsnummer_is_accepted_with_its_real_birth_date(typed):
    """People without a personnummer have a samordningsnummer: the day of birth plus 60."""
    number = personnummer.normalise(typed)
    assert number == "199001712380"
    assert personnummer.is_valid_normalised(number) and personnummer.is_coordination_number(number)
    assert personnummer.birth_date(number).isoformat() == "1990-01-11"


@pytest.mark.parametrize("typed, code", [("19900171-2381", "checksum"), ("19900192-2385", "date")])
def test_a_wrong_samordningsnummer_gets_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        personnummer.normalise(typed)
    assert error.value.code == code
