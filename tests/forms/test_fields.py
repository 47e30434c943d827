"""The value fields: phone numbers, destinations, dates, date-times, String Integer, lists."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from portal.forms.fields import (
    DestinationField,
    JSONValueField,
    PhoneField,
    RFC3339Field,
    ScalarListField,
    StrictDateField,
    StringIntegerField,
)
from portal.forms.table import humanize


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("+3225551234", "+3225551234"),
        ("02 555 12 34", "+3225551234"),
        ("0475/12.34.56", "+32475123456"),
        ("+1 202-555-0143", "+12025550143"),
    ],
)
def test_phone_accepts_e164_and_national_numbers(typed, sent):
    assert PhoneField().clean(typed) == sent


def test_phone_region_comes_from_settings(settings):
    settings.PHONE_DEFAULT_REGION = "FR"
    assert PhoneField().clean("01 23 45 67 89") == "+33123456789"


@pytest.mark.parametrize("typed", ["12ab", "+999", "0", "1-800-FLOWERS", "sip:a@b.com", "x" * 300])
def test_phone_refuses_what_is_not_a_number(typed):
    with pytest.raises(ValidationError):
        PhoneField().clean(typed)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("02 555 12 34", "+3225551234"),
        ("1234", "1234"),
        ("sip:alice@example.com", "sip:alice@example.com"),
        (
            "sips:alice@pbx.example.com:5061;transport=tls",
            "sips:alice@pbx.example.com:5061;transport=tls",
        ),
    ],
)
def test_destination_is_a_phone_an_extension_or_a_sip_uri(typed, sent):
    assert DestinationField().clean(typed) == sent


@pytest.mark.parametrize("typed", ["1", "12345678901", "hello", "sip:", "alice@example.com"])
def test_destination_refuses_anything_else(typed):
    with pytest.raises(ValidationError):
        DestinationField().clean(typed)


def test_date_is_strict():
    assert StrictDateField().clean("2025-09-09") == datetime.date(2025, 9, 9)
    for typed in ("2025-9-9", "09/09/2025", "2025-02-30", "2025-09-09T00:00"):
        with pytest.raises(ValidationError):
            StrictDateField().clean(typed)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("2024-08-01T11:00:00.000+02:00", "2024-08-01T11:00:00.000+02:00"),
        ("2024-08-01T11:00:00+02:00", "2024-08-01T11:00:00.000+02:00"),
        ("2024-08-01t09:00:00.5z", "2024-08-01T09:00:00.500+00:00"),
        ("2024-08-01T11:00:00.123456-05:30", "2024-08-01T11:00:00.123-05:30"),
    ],
)
def test_datetime_reads_rfc3339(typed, canonical):
    field = RFC3339Field()
    assert field.prepare_value(field.clean(typed)) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "2024-08-01T11:00:00",
        "2024-08-01 11:00:00+02:00",
        "2024-08-01T11:00+02:00",
        "2024-13-01T11:00:00+02:00",
        "2024-08-01T11:00:00+2:00",
        "2024-08-01T11:00:00+24:00",
        "now",
    ],
)
def test_datetime_refuses_naive_or_malformed(typed):
    with pytest.raises(ValidationError):
        RFC3339Field().clean(typed)


def test_string_integer_takes_a_number_or_a_keyword():
    field = StringIntegerField(keywords=("useGroupSetting",), required=False)
    assert field.clean("100") == 100
    assert field.clean("useGroupSetting") == "useGroupSetting"
    assert field.clean("") is None
    with pytest.raises(ValidationError, match="useGroupSetting"):
        field.clean("unlimited")
    at_most_5 = StringIntegerField(accepts=lambda n: n <= 5, message="Limit must be at most 5.")
    with pytest.raises(ValidationError, match="at most 5"):
        at_most_5.clean("6")
    with pytest.raises(ValidationError, match="at most 5"):  # not "not a number"
        at_most_5.clean("1" + "0" * 30)


def test_list_drops_blank_entries_and_names_the_bad_one():
    field = ScalarListField(item=forms.EmailField(), required=False)
    assert field.clean(["a@example.com", " ", "b@example.com"]) == [
        "a@example.com",
        "b@example.com",
    ]
    with pytest.raises(ValidationError) as caught:
        field.clean(["a@example.com", "nope"])
    assert caught.value.messages[0].startswith("Entry 2 (nope):")


def test_list_reads_one_entry_per_line_without_javascript():
    widget = ScalarListField(item=forms.CharField()).widget
    assert widget.value_from_datadict({"x": "alpha\r\nbeta\n"}, {}, "x") == ["alpha", "beta"]


def test_opaque_object_must_be_a_json_object():
    field = JSONValueField(expect=dict, required=False)
    assert field.clean('{"minutes": 30}') == {"minutes": 30}
    for typed in ("[1]", "{nope", "3"):
        with pytest.raises(ValidationError):
            field.clean(typed)
    assert field.prepare_value(None) == ""


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("voiceMessageDeliveryEmailAddress", "Voice message delivery email address"),
        ("URI", "URI"),
        ("PrivateNetAddress", "Private net address"),
        ("noAnswerAlternateGreeting01", "No answer alternate greeting 01"),
        ("_description", "Description"),
    ],
)
def test_labels_are_readable(name, label):
    assert humanize(name) == label
