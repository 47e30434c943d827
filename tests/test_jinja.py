"""The Jinja2 parts of pages: the same text as Django's template language would draw."""

from datetime import UTC, datetime

import jinja2
import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.utils import timezone, translation

from portal.jinja import Instants

DJANGO_DATES = Template('{{ at|date:"D j M Y, H:i" }}|{{ at|date:"c" }}')


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Brussels", "America/New_York"])
def test_instants_read_as_the_date_filter_draws_them(language, zone):
    instants = [datetime(2026, month, month + 10, 23, 5, tzinfo=UTC) for month in range(1, 13)]
    with translation.override(language), timezone.override(zone):
        when = Instants()
        drawn = [f"{when.short(at)}|{when.iso(at)}" for at in instants]
        expected = [DJANGO_DATES.render(Context({"at": at})) for at in instants]

    assert drawn == expected
    assert len(set(drawn)) == 12


def test_a_part_drawn_by_jinja_escapes_what_it_is_given():
    page = Template(
        '{% load jinja %}{% jinja "features/conference_rows.html" rows=rows feature_url="/c/" %}'
    )
    row = type(
        "Row",
        (),
        {
            "title": "<b>Board</b>",
            "conference_id": "7 & 8",
            "bridge_id": "b/1",
            "bridge_name": "Main",
            "type_text": "Reservationless",
            "status_text": "Active",
            "pending": "",
            "queued": "",
            "start": None,
            "host": "Ann",
        },
    )

    drawn = page.render(Context({"rows": [row], "request": RequestFactory().get("/")}))

    assert "<bdi>&lt;b&gt;Board&lt;/b&gt;</bdi>" in drawn
    assert "Conference ID 7 &amp; 8" in drawn
    assert 'href="/c/b%2F1/7%20%26%208/"' in drawn


def test_a_name_missing_from_a_jinja_part_fails_rather_than_draws_nothing():
    with pytest.raises(jinja2.UndefinedError):
        engines["jinja"].from_string("{{ missing }}").render({})
