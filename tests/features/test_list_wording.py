"""Lists of objects on the changes and audit pages: one entry a line, its fields in words."""

from portal.changes import describe
from portal.features import wording
from portal.features.schedule_periods import weekly_periods
from portal.features.schedules import FEATURE as SCHEDULES

SEQUENTIAL = "sequential-ring/settings"
SIMULTANEOUS = "simultaneous-ring/settings"
LOCATIONS = [
    {"id": 1, "phoneNumber": "+32475000001", "numberOfRings": 4,
     "answerConfirmationRequired": False},
    {"id": 2, "phoneNumber": "+32476000002", "numberOfRings": 3,
     "answerConfirmationRequired": True},
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def test_phones_rung_in_turn_read_one_after_another():
    assert wording.value_text(SEQUENTIAL, "locations", LOCATIONS) == (
        "0475 00 00 01 (4 rings)\nthen 0476 00 00 02 (3 rings, Answer with a key press)"
    )
    one = [{**LOCATIONS[0], "numberOfRings": 1}]
    assert wording.value_text(SEQUENTIAL, "locations", one) == "0475 00 00 01 (1 ring)"


def test_phones_rung_at_once_have_no_order():
    numbers = [
        {"phoneNumber": "+32475000001", "answerConfirmationRequired": False},
        {"phoneNumber": "+32476000002", "answerConfirmationRequired": True},
    ]
    assert wording.value_text(SIMULTANEOUS, "simultaneousRingNumber", numbers) == (
        "0475 00 00 01\n0476 00 00 02 (Answer with a key press)"
    )
    assert wording.value_text(SIMULTANEOUS, "simultaneousRingNumber", []) == "—"


def test_a_schedules_periods_read_as_its_list_says_them():
    evenings = weekly_periods(WEEKDAYS, "18:00", "08:00")
    assert wording.field_label(SCHEDULES, "periods") == "When"
    assert wording.value_text(SCHEDULES, "periods", evenings) == "Weekdays 18:00–08:00"
    christmas = [{"name": "Christmas", "startDate": "2026-12-24", "stopDate": "2026-12-31"}]
    assert wording.value_text(SCHEDULES, "periods", christmas) == (
        "Christmas: 24 Dec 2026 – 31 Dec 2026"
    )


def test_the_pages_keep_each_entry_on_its_own_line():
    fields = {"locations": {"old": LOCATIONS[:1], "new": LOCATIONS}}
    assert str(describe.what_changed(SEQUENTIAL, fields)) == (
        "Phones to ring, in this order: <bdi>0475 00 00 01 (4 rings)</bdi> → "
        "<bdi>0475 00 00 01 (4 rings)<br>then 0476 00 00 02 (3 rings, Answer with a key press)"
        "</bdi>"
    )
