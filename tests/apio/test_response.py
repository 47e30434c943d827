"""The client's answer object reads like the httpx.Response the error parsing was made for."""

import pytest
from urllib3 import HTTPHeaderDict

from portal.apio.errors import ApioNotFound, TransientApioError, error_for
from portal.apio.response import ApioResponse


def test_json_text_and_success():
    answer = ApioResponse(200, HTTPHeaderDict(), '{"name": "Zoë"}'.encode())
    assert (answer.is_success, answer.json(), answer.text) == (
        True,
        {"name": "Zoë"},
        '{"name": "Zoë"}',
    )


@pytest.mark.parametrize("content", [b"", b"<html>Bad Gateway</html>", b"\xff\xfe"])
def test_a_body_that_is_not_json_raises_value_error(content):
    with pytest.raises(ValueError):
        ApioResponse(502, HTTPHeaderDict(), content).json()


def test_error_for_reads_it_headers_included_in_any_case():
    overloaded = ApioResponse(429, HTTPHeaderDict({"retry-after": "7"}), b"slow down")
    error = error_for(overloaded)
    assert isinstance(error, TransientApioError)
    assert error.retry_after == 7.0
    missing = ApioResponse(404, HTTPHeaderDict(), b'{"errors": [{"message": "User not found"}]}')
    error = error_for(missing)
    assert isinstance(error, ApioNotFound)
    assert error.message == "User not found"
