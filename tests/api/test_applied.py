"""The whole way: a change made through the API is pushed by a real worker to the sandbox
APIO, and its status, polled through the API, says applied; the settings read back agree."""

import time

from django.urls import reverse

from tests.accounts.people import HQ_ARGS, helpdesk
from tests.api.conftest import bearer


def test_a_change_made_through_the_api_is_applied(client, celery_worker):
    headers = bearer(helpdesk("hd-acme", "acme"))
    body = {
        "tenant_id": HQ_ARGS[0], "group_id": HQ_ARGS[1], "user_id": HQ_ARGS[2],
        "feature": "call-forwarding", "section": "busy",
        "values": {"active": True, "destination": "+3225550188"},
    }  # fmt: skip

    made = client.post(
        reverse("api:change_list"), body, content_type="application/json", headers=headers
    )
    assert made.status_code == 201, made.content
    status_url = made["Location"]

    deadline = time.monotonic() + 30
    while (change := client.get(status_url, headers=headers).json())["status"] != "applied":
        assert change["status"] in ("queued", "sending"), change
        assert time.monotonic() < deadline, change
        time.sleep(0.2)

    settings = client.get(
        reverse("api:user_feature", args=[*HQ_ARGS, "call-forwarding"]), headers=headers
    ).json()
    busy = next(section for section in settings["sections"] if section["key"] == "busy")
    assert busy["values"]["active"] is True
    assert busy["values"]["destination"] == "+3225550188"
