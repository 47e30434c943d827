"""A user's schedules through the API: queued as the schedule pages queue them for the same
input, refused with the page form's own messages, line by line."""

from django.urls import reverse

from portal.changes.models import PendingChange
from tests.accounts.people import HQ_ARGS
from tests.accounts.test_permission_matrix import NEW_SCHEDULE
from tests.api.test_conference_items import page_change
from tests.api.test_rule_items import api, same_change
from tests.features.test_selective import rule_fields

OWN = "My office hours"  # user00001's own time schedule, in the demo data
PAGES = reverse("features:schedules", args=HQ_ARGS)


def items(kind: str) -> str:
    return reverse("api:user_items", args=[*HQ_ARGS, f"{kind}-schedules"])


def item(kind: str, name: str) -> str:
    return reverse("api:user_item", args=[*HQ_ARGS, f"{kind}-schedules", name])


TIME_LINES = [{"days": ["Monday"], "start": "09:00", "stop": "10:00"}]


def test_a_new_time_schedule_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = page_change(client, hd_acme, f"{PAGES}new/time/", NEW_SCHEDULE)

    values = {"name": NEW_SCHEDULE["name"], "lines": TIME_LINES}
    response = api(client, hd_acme, "post", items("time"), values)

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


def test_a_new_holiday_schedule_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    posted = {
        "name": "Holidays 2027", "_lines": "2",
        "line1-name": "New year", "line1-first": "2027-01-01",
        "line2-name": "Summer", "line2-first": "2027-07-19", "line2-last": "2027-08-06",
    }  # fmt: skip
    page = page_change(client, hd_acme, f"{PAGES}new/holiday/", posted)

    lines = [
        {"name": "New year", "first": "2027-01-01"},
        {"name": "Summer", "first": "2027-07-19", "last": "2027-08-06"},
    ]
    response = api(client, hd_acme, "post", items("holiday"), {"name": "Holidays 2027",
                                                                "lines": lines})  # fmt: skip

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


def test_a_rename_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    url = f"{PAGES}time/{OWN}/"
    client.force_login(hd_acme)
    data = rule_fields(client.get(url).content.decode())
    data["name"] = ["Office hours"]
    client.logout()
    page = page_change(client, hd_acme, url, data)

    response = api(client, hd_acme, "put", item("time", OWN), {"name": "Office hours"})

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert change.payload["newName"] == "Office hours"


def test_deleting_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = page_change(client, hd_acme, f"{PAGES}time/{OWN}/delete/")

    response = api(client, hd_acme, "delete", item("time", OWN))

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


def test_refused_lines_get_the_forms_own_messages(client, apio_read_only, hd_acme):
    typed = {"name": OWN, "days": [], "start": "25:00", "stop": "10:00"}
    client.force_login(hd_acme)
    page = client.post(f"{PAGES}new/time/", typed)
    assert page.status_code == 200
    editor = page.context["form"]
    client.logout()

    lines = [{"days": [], "start": "25:00", "stop": "10:00"}]
    response = api(client, hd_acme, "post", items("time"), {"name": OWN, "lines": lines})

    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert fields == {
        "name": list(editor.head.errors["name"]),  # "There is already a schedule called…"
        "lines.0.days": list(editor.lines[0].errors["days"]),
        "lines.0.start": list(editor.lines[0].errors["start"]),
    }
    assert not PendingChange.objects.exists()


def test_a_part_a_line_does_not_have_is_refused_by_name(client, apio_read_only, hd_acme):
    lines = [{**TIME_LINES[0], "colour": "red"}]
    response = api(client, hd_acme, "post", items("time"), {"name": "x", "lines": lines})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"lines.0.colour"}


def test_the_schedules_are_listed_with_their_lines(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "get", items("time"))

    assert response.status_code == 200
    listed = {entry["name"]: entry for entry in response.json()}
    assert listed[OWN]["values"]["lines"]
