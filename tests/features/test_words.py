"""End users read their settings in people's words: never the spec's, never the API's names."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.apio.paths import user_service
from portal.changes import push, services
from portal.changes.models import ChangeStatus, PendingChange
from portal.definitions.loader import get_definition
from portal.directory.phone import national
from portal.features import wording
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.forms import build_section_form
from portal.features.registry import FEATURES
from portal.features.sections import describe_change
from portal.forms.factory import field_role
from portal.forms.plan import Role
from portal.forms.presentation import focus_first_error
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, snapshot_of

CAMEL_CASE = re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")
OWN_FEATURES = ["call-forwarding", "voice-messaging"]


def definitions_reached(name: str, seen: set[str] | None = None) -> set[str]:
    """The definition and every definition nested in it."""
    seen = set() if seen is None else seen
    if name in seen:
        return seen
    seen.add(name)
    for field in get_definition(name).fields:
        if field.ref:
            definitions_reached(field.ref, seen)
    return seen


def every_definition_name() -> set[str]:
    names = set()
    for feature in FEATURES.values():
        for section in feature.sections:
            names |= definitions_reached(section.definition)
    return names


def spec_words() -> tuple[set[str], set[str]]:
    """The spec's descriptions and the API's field names, as a person must never read them."""
    descriptions, names = set(), set()
    for name in every_definition_name():
        for field in get_definition(name).fields:
            # The spec names a weekly recurrence's day flags after the days ("Monday"): those
            # are people's words too.
            if not (field.name.isalpha() and field.name.istitle()):
                names.add(field.name)
            if field.description.strip():
                descriptions.add(field.description.strip())
    return descriptions, names


def end_user_sections():
    for feature in FEATURES.values():
        if feature.self_service:
            yield from ((feature, section) for section in feature.own_sections())


def shown_fields(section):
    """(definition, field) of everything the section's form may show, folded and nested."""
    definition = get_definition(section.definition)
    names = section.fields or tuple(field.name for field in definition.fields)
    todo = [(definition, name) for name in names]
    seen = set()
    while todo:
        owner, name = todo.pop()
        if (owner.name, name) in seen:
            continue
        seen.add((owner.name, name))
        field = next(f for f in owner.fields if f.name == name)
        if field_role(owner, field, "PUT") is Role.HIDDEN:
            continue
        yield owner.name, field
        if field.ref:
            nested = get_definition(field.ref)
            # A numbered list's entries do not show their place: the form fills it in.
            filled = dict(section.numbered).get(name) if owner is definition else None
            todo += [(nested, f.name) for f in nested.fields if f.name != filled]


def assert_peoples_words(text: str, where: str) -> None:
    descriptions, names = spec_words()
    text = " ".join(text.split())
    assert text not in descriptions, f"{where}: the spec's description {text!r}"
    assert text not in names, f"{where}: an API field name {text!r}"
    assert not CAMEL_CASE.search(text), f"{where}: an API field name in {text!r}"


# -- the declarations: every field an end user can reach has words of its own ----------------


@pytest.mark.parametrize(
    ("feature", "section"),
    list(end_user_sections()),
    ids=lambda value: getattr(value, "key", ""),
)
def test_every_field_an_end_user_reaches_has_peoples_words(feature, section):
    presentation = section.presentation
    assert presentation is not None, f"{feature.key}/{section.key} has no words"
    assert_peoples_words(str(section.title), f"{feature.key}/{section.key} title")
    for owner, field in shown_fields(section):
        words = presentation.words_for(owner, field.name)
        where = f"{feature.key}/{section.key}: {owner}.{field.name}"
        assert words is not None, f"{where} has no label of its own"
        assert_peoples_words(str(words.label), f"{where} label")
        if words.help:
            assert_peoples_words(str(words.help), f"{where} help")
        for _value, label in words.choices:
            assert_peoples_words(str(label), f"{where} choice")


# -- the pages an end user reaches ----------------------------------------------------------


class ShownText(HTMLParser):
    """The texts of labels, legends, help, choices and headings of a page."""

    TAGS = {"label", "legend", "summary", "option", "h1", "h2"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag in self.TAGS or (tag == "p" and ({"help", "feature-state"} & set(classes.split()))):
            self._open.append([])

    def handle_endtag(self, tag):
        if (tag in self.TAGS or tag == "p") and self._open:
            text = " ".join("".join(self._open.pop()).split())
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        for parts in self._open:
            parts.append(data)


def shown_texts(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    return parser.texts


@pytest.fixture
def end_user_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": OWN_FEATURES}
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    return client


def put_on_platform(apio, service_path: str, payload: dict) -> None:
    client = apio.client()
    try:
        client.put(user_service(ALL_SERVICES, service_path), json=payload).raise_for_status()
    finally:
        client.close()


@pytest.mark.integration
def test_no_page_of_an_end_user_shows_the_spec_or_api_words(apio, end_user_client):
    # Conditional fields shown too: a carbon copy asks for its address.
    put_on_platform(
        apio,
        "voice_messaging/basic_config",
        {
            "sendCarbonCopyVoiceMessage": True,
            "voiceMessageCarbonCopyEmailAddress": "cc@example.com",
        },
    )
    pages = [reverse("features:my_home")]
    pages += [reverse("features:my_feature", args=[key]) for key in OWN_FEATURES]
    seen = 0
    for url in pages:
        response = end_user_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in shown_texts(html):
            assert_peoples_words(text, url)
            seen += 1
        assert "Unchanged" not in html and ">Yes<" not in html, url
    assert seen > 60  # the labels of every section, folded ones included


@pytest.mark.integration
def test_an_end_user_neither_sees_nor_saves_the_mail_server(apio, end_user_client):
    page = reverse("features:my_feature", args=["voice-messaging"])
    html = end_user_client.get(page).content.decode()
    assert 'id="section-basic"' in html and 'id="section-greetings"' in html
    assert 'id="section-advanced"' not in html
    response = end_user_client.post(f"{page}advanced/", {"_snapshot": "x"})
    assert response.status_code == 404
    assert not PendingChange.objects.exists()


@pytest.mark.integration
def test_settings_are_switches_numbers_and_choices(apio, end_user_client):
    put_on_platform(
        apio,
        "voice_messaging/greetings",
        {"busyPersonalAudioFile": {"name": "Greeting 1", "mediaType": "WAV"}},
    )
    put_on_platform(apio, "cfb", {"active": True, "destination": "+32470998877"})
    html = end_user_client.get(reverse("features:my_feature", args=["call-forwarding"]))
    html = html.content.decode()
    assert re.search(r'<input type="checkbox" name="busy-active"[^>]*role="switch"', html)
    assert 'value="0470 99 88 77"' in html  # the number as people write it
    assert re.search(r'type="number" name="no-answer-numberOfRings"[^>]*min="0"', html)
    assert '<details class="more"' in html  # the short ring is folded away
    voice = end_user_client.get(reverse("features:my_feature", args=["voice-messaging"]))
    voice = voice.content.decode()
    assert 'type="radio" name="greetings-busyPersonalAudioFile-mediaType" value="WAV"' in voice
    assert 'type="radio" name="basic-processing"' in voice


# -- the summary says what the platform holds -------------------------------------------------


def state_line(html: str) -> str:
    match = re.search(r'<p class="feature-state"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no state line"
    return " ".join(match.group(1).split())


@pytest.mark.integration
def test_the_summary_follows_the_platform_after_a_change(
    apio, end_user_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)
    for path in ("cfa", "cfb", "cfna", "cfnr"):
        put_on_platform(apio, path, {"active": False})
    page = reverse("features:my_feature", args=["call-forwarding"])
    html = end_user_client.get(page).content.decode()
    assert state_line(html) == "Calls are not forwarded."

    data = {
        "_snapshot": snapshot_of(html, "busy"),
        "busy-active": ["off", "on"],
        "busy-destination": "0470 99 88 77",
    }
    response = end_user_client.post(f"{page}busy/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    change = PendingChange.objects.get()
    assert change.payload == {"active": True, "destination": "+32470998877"}
    assert "Last change: Forward calls when busy, Forward to" in " ".join(
        response.content.decode().split()
    )
    with django_capture_on_commit_callbacks(execute=True):
        push.push_round(services.claim(change.pk))
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED

    held = apio.object(user_service(ALL_SERVICES, "cfb"))
    expected = f"Forwarded to {national(held['destination'])} when busy; not forwarded otherwise."
    assert expected == "Forwarded to 0470 99 88 77 when busy; not forwarded otherwise."
    assert state_line(end_user_client.get(page).content.decode()) == expected
    home = end_user_client.get(reverse("features:my_home")).content.decode()
    assert expected in " ".join(home.split())
    # The section drawn again once applied brings the page's line with it.
    section = end_user_client.get(f"{page}busy/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="true"' in section and expected in " ".join(section.split())


# -- the words of a change, for the changes and audit pages -----------------------------------


def test_wording_uses_the_declarations():
    assert wording.section_title("call-forwarding/busy") == "Forward when busy"
    assert wording.field_label("call-forwarding/busy", "active") == "Forward calls when busy"
    assert wording.field_label("call-forwarding/busy", "destination") == "Forward to"
    assert wording.value_text("call-forwarding/busy", "active", True) == "On"
    assert wording.value_text("call-forwarding/busy", "destination", "+32470998877") == (
        "0470 99 88 77"
    )
    assert wording.value_text("voice-messaging/basic", "processing", "Address Only") == (
        "Only sent to my email address"
    )
    assert wording.section_title("unknown/some-thing") == "Some thing"
    assert wording.field_label("unknown/x", "ringSplashActive") == "Ring splash active"


def test_describe_change_names_the_forms_labels():
    change = PendingChange(
        feature="call-forwarding/always", payload={"active": True, "destination": "1001"}
    )
    assert describe_change(change) == "Forward all calls, Forward to"


# -- a switch leaves a flag alone unless it was shown -----------------------------------------


def test_a_switch_not_posted_leaves_the_flag_unchanged():
    section = CALL_FORWARDING.section("busy")
    initial = {"active": True, "destination": "+32470998877"}
    form = build_section_form(section, ALL_SERVICES, "/x/", initial_values=initial)
    assert form.fields["active"].widget.attrs["role"] == "switch"
    posted = build_section_form(
        section, ALL_SERVICES, "/x/", data={"busy-destination": "0470 11 22 33"},
        initial_values=initial,
    )  # fmt: skip
    assert posted.is_valid(), posted.errors
    assert posted.payload() == {"destination": "+32470112233"}
    off = build_section_form(
        section, ALL_SERVICES, "/x/", data={"busy-active": "off"}, initial_values=initial
    )
    assert off.is_valid(), off.errors
    assert off.payload() == {"active": False}


def test_a_failed_save_puts_the_focus_on_the_first_field_in_error():
    section = CALL_FORWARDING.section("always")
    form = build_section_form(
        section, ALL_SERVICES, "/x/", data={"always-destination": "call me"},
        initial_values={"active": False, "destination": ""},
    )  # fmt: skip
    assert not form.is_valid()
    assert focus_first_error(form)
    html = str(form["destination"])
    assert "autofocus" in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_always-destination_helptext id_always-destination_error"' in html
