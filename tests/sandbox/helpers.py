"""Paths and assertions shared by the sandbox tests."""

from __future__ import annotations

from typing import Any

import httpx

TENANT = "/api/v1/tenants/acme"
DEMO_USER = "user00001@acme.example"
DEMO_USER_PATH = f"{TENANT}/groups/acme-hq/users/{DEMO_USER}/"
SUPERVISORS = ("supervisor1@acme.example", "supervisor2@acme.example", "supervisor3@acme.example")


def user_path(client: httpx.Client, user_id: str) -> str:
    """The /users/{id}/ path of any demo user, found through the tenant-wide search."""
    found = client.request(
        "GET", f"{TENANT}/search/users/", json={"sensitiveUserIdEquals": user_id}
    ).json()["users"]
    assert len(found) == 1, found
    return f"{TENANT}/groups/{found[0]['groupId']}/users/{user_id}/"


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """The first error object of an APIO error answer with `status`."""
    assert response.status_code == status, (response.status_code, response.text)
    errors = response.json()["errors"]
    assert errors and {"code", "summary", "message", "field"} <= set(errors[0])
    return errors[0]


def assert_invalid(response: httpx.Response, field: str) -> dict[str, Any]:
    """A 400 INVALID_PARAMETERS answer naming `field` in "field" and in the message."""
    error = error_of(response, 400)
    fields = [e["field"] for e in response.json()["errors"]]
    assert field in fields, fields
    named = next(e for e in response.json()["errors"] if e["field"] == field)
    assert named["code"] == 42 and named["summary"] == "INVALID_PARAMETERS"
    assert field.split(".")[-1] in named["message"], named["message"]
    return error
