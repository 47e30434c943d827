"""Lists of phones (entries with a phone number, like the phones rung in turn): drawn without a
blank entry, added from sensible values, never holding the same phone twice, "Add" gone once
full, and every button that calls back disabling itself only."""

import re

from django.http import QueryDict
from django.template.loader import render_to_string

from portal.definitions.loader import get_definition
from portal.forms import build_form_class, form_to_payload
from portal.forms.base import FormUrls
from portal.forms.fragments import LIST_ENTRY_TEMPLATE, ROW_TEMPLATE, new_entry
from portal.forms.presentation import FieldWords, Presentation, apply_presentation
from tests.forms.conftest import posted_by_browser

SEQUENTIAL = get_definition("user_sequential_ring")
SIMULTANEOUS = get_definition("user_simultaneous_ring_personal")
BLOCK = "forms/object_form.html#object-block"
URLS = FormUrls(block="/the/page/block/", row="/the/page/rows/")
REPEATED = "This phone is already in the list."
# A tag whose quoted attributes may hold ">" (hx-include="#list > li > .row-key").
_ATTRS = r'(?:[^>"]|"[^"]*")*'
TAG = rf"<(?:button|input|select)\b{_ATTRS}\bhx-(?:get|post|delete)={_ATTRS}>"


def sequential(data=None, count: int = 2, **kwargs):
    stored = [{"id": k, "phoneNumber": f"+3247011223{k}"} for k in range(1, count + 1)]
    form_class = build_form_class(SEQUENTIAL, "PUT")
    return form_class(data, initial={"locations": stored}, urls=URLS, **kwargs)


def query(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value) if isinstance(value, list) else data.__setitem__(name, value)
    return data


def test_the_list_shows_its_phones_and_add_but_no_blank_entry():
    html = render_to_string(BLOCK, {"form": sequential()})
    assert re.findall(r'name="locations-(\d)-phoneNumber"', html) == ["0", "1"]
    assert re.findall(r"<legend>(Phone \d)</legend>", html) == ["Phone 1", "Phone 2"]
    assert re.search(rf"<button{_ATTRS}>Add a phone</button>", html)
    empty = build_form_class(SEQUENTIAL, "PUT")(initial={"locations": []}, urls=URLS)
    html = render_to_string(BLOCK, {"form": empty})
    assert "phoneNumber" not in html
    assert "Add a phone" in html


def test_the_same_phone_twice_is_refused_on_the_second_entry():
    form = sequential()
    data = posted_by_browser(form, **{"locations-1-phoneNumber": "0470 11 22 31"})
    bound = sequential(data)
    assert not bound.is_valid()
    assert bound.error_map() == {"locations-1-phoneNumber": [REPEATED]}
    html = render_to_string(BLOCK, {"form": bound})
    assert REPEATED in html[html.index('name="locations-1-phoneNumber"') :]

    numbers = {
        "simultaneousRingNumber": ["0", "1", "2"],
        "simultaneousRingNumber-0-phoneNumber": "0470 44 55 66",
        "simultaneousRingNumber-1-phoneNumber": "0470 11 22 33",
        "simultaneousRingNumber-2-phoneNumber": "+32470445566",
    }
    form = build_form_class(SIMULTANEOUS, "PUT")(numbers)
    assert not form.is_valid()
    assert form.error_map() == {"simultaneousRingNumber-2-phoneNumber": [REPEATED]}


def test_different_phones_are_sent():
    form = sequential()
    bound = sequential(posted_by_browser(form))
    assert bound.is_valid(), bound.error_map()
    assert form_to_payload(bound) == {}


def test_a_full_list_says_so_in_place_of_add():
    html = render_to_string(BLOCK, {"form": sequential(count=5)})
    assert "Add a phone" not in html
    assert "At most 5 phones." in html
    html = render_to_string(BLOCK, {"form": sequential(count=4)})
    assert "Add a phone" in html


def test_the_entry_that_fills_the_list_takes_add_away():
    form_class = build_form_class(SEQUENTIAL, "PUT")
    keys = ["0", "1", "2", "3"]
    entry = new_entry(form_class, query(list="locations", locations=keys), URLS)
    html = render_to_string(ROW_TEMPLATE, {"row": entry})
    assert re.search(r'<div[^>]*id="id_locations_rows_add"[^>]*hx-swap-oob="true"', html)
    assert "At most 5 phones." in html
    entry = new_entry(form_class, query(list="locations", locations=keys[:3]), URLS)
    assert "hx-swap-oob" not in render_to_string(ROW_TEMPLATE, {"row": entry})


def test_a_new_phone_starts_from_sensible_values():
    presentation = Presentation(
        definition=SEQUENTIAL.name,
        words=(
            FieldWords("locations", "Phones"),
            FieldWords("numberOfRings", "Rings", of="location", start=3),
            FieldWords("answerConfirmationRequired", "Answer with a key", of="location"),
        ),
    )
    form_class = build_form_class(SEQUENTIAL, "PUT")
    entry = new_entry(form_class, query(list="locations", locations=["0"]), URLS)
    apply_presentation(entry.form, presentation)
    html = render_to_string(ROW_TEMPLATE, {"row": entry})
    assert "<legend>New phone</legend>" in html
    assert re.search(r'<input[^>]*name="locations-1-numberOfRings"[^>]*value="3"', html)
    switch = re.search(r'<input[^>]*name="locations-1-answerConfirmationRequired"[^>]*>', html)
    assert 'type="hidden"' in switch.group(0)  # the switch's "off", then the switch itself
    assert 'name="locations-1-answerConfirmationRequired" role="switch"' in html
    assert "Leave as it is" not in html


def test_removing_a_phone_draws_the_list_again_without_it():
    form = sequential(count=3)
    data = posted_by_browser(form, _block="", _root="", _remove="locations-0")
    redrawn = sequential(data, count=3, quiet=True)
    html = render_to_string(BLOCK, {"form": redrawn})
    phones = re.findall(r'name="locations-\d-phoneNumber" value="([^"]*)"', html)
    assert phones == ["+32470112232", "+32470112233"]
    assert re.findall(r"<legend>(Phone \d)</legend>", html) == ["Phone 1", "Phone 2"]
    assert re.search(rf"<button{_ATTRS}autofocus>Add a phone", html)


def test_every_button_that_calls_back_disables_itself_only():
    """The page's form disables its save button while saving ("find button[type='submit']"):
    the buttons and fields inside it that call back must not look for one in themselves."""
    html = render_to_string(BLOCK, {"form": sequential()})
    # Fields that decide which others apply redraw their block.
    advanced = build_form_class(get_definition("user_voice_messaging_advanced"), "PUT")
    html += render_to_string(BLOCK, {"form": advanced(urls=URLS)})
    entry = new_entry(build_form_class(SEQUENTIAL, "PUT"), query(list="locations"), URLS)
    html += render_to_string(ROW_TEMPLATE, {"row": entry})
    callers = re.findall(TAG, html)
    assert len(callers) >= 5
    for tag in callers:
        assert re.search(r'hx-disabled-elt="(this|unset)"', tag), tag
    assert " style=" not in html


def test_a_list_of_values_keeps_its_entry_to_fill_in():
    criteria = build_form_class(get_definition("criteria_from_dn"), "POST")(urls=URLS)
    html = render_to_string(BLOCK, {"form": criteria})
    assert 'name="phoneNumbers"' in html
    entry = new_entry(type(criteria), query(list="phoneNumbers"), URLS)
    assert 'hx-disabled-elt="this"' in render_to_string(LIST_ENTRY_TEMPLATE, {"entry": entry})
