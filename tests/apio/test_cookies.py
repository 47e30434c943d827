"""The client's own cookie keeping: what Set-Cookie headers it keeps, replaces and drops."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from portal.apio.cookies import SessionCookies


def kept(*set_cookie_headers: str) -> str:
    cookies = SessionCookies()
    cookies.update(set_cookie_headers)
    return cookies.header()


def test_every_cookie_is_sent_back_in_one_header():
    assert (
        kept(
            "sessionid=abc123; HttpOnly; Path=/; SameSite=Lax",
            "SERVERID=apio-1; Path=/",
            "AWSALB=Zm9vYmFy+/w==; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Path=/",
        )
        == "sessionid=abc123; SERVERID=apio-1; AWSALB=Zm9vYmFy+/w=="
    )


def test_a_later_value_replaces_the_earlier_one_and_keeps_its_place():
    cookies = SessionCookies()
    cookies.update(["sessionid=one; Path=/", "SERVERID=apio-1"])
    cookies.update(["sessionid=two; Path=/"])
    assert cookies.header() == "sessionid=two; SERVERID=apio-1"


@pytest.mark.parametrize(
    "expired",
    [
        "SERVERID=; Max-Age=0; Path=/",
        "SERVERID=gone; Max-Age=-1",
        "SERVERID=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
        # Max-Age wins over Expires (RFC 6265 §5.3).
        "SERVERID=gone; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
    ],
)
def test_an_expired_cookie_is_dropped(expired):
    cookies = SessionCookies()
    cookies.update(["sessionid=abc", "SERVERID=apio-1"])
    cookies.update([expired])
    assert cookies.header() == "sessionid=abc"


def test_a_cookie_that_expires_later_is_kept():
    soon = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    assert kept(f"SERVERID=apio-1; Expires={soon}; Max-Age=300") == "SERVERID=apio-1"


@pytest.mark.parametrize(
    "header",
    [
        "SERVERID=apio-1; Path=/; Priority=High",  # not a cookie named Priority
        "SERVERID=apio-1; Secure; SameSite=None; Partitioned",  # not a reason to drop it all
    ],
)
def test_attributes_python_does_not_know_are_ignored(header):
    assert kept(header) == "SERVERID=apio-1"


def test_a_quoted_value_goes_back_as_it_came():
    assert kept('token="a b,c"; Path=/') == 'token="a b,c"'


@pytest.mark.parametrize("header", ["", "no-equals-sign", "=value-without-name", "bad name=1"])
def test_an_unreadable_header_is_skipped(header):
    assert kept(header, "sessionid=abc") == "sessionid=abc"


def test_clear_forgets_everything():
    cookies = SessionCookies()
    cookies.update(["sessionid=abc"])
    cookies.clear()
    assert cookies.header() == ""
