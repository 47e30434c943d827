import httpx
import pytest

from portal.apio.errors import ApioNotFound, PermanentApioError, TransientApioError, error_for


def response(status: int, body=None, text: str | None = None, headers=None) -> httpx.Response:
    if body is not None:
        return httpx.Response(status, json=body, headers=headers)
    return httpx.Response(status, text=text or "", headers=headers)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_overload_and_server_errors_are_transient(status):
    assert isinstance(error_for(response(status, {"errors": []})), TransientApioError)


def test_retry_after_is_kept():
    error = error_for(response(429, text="slow down", headers={"Retry-After": "7"}))
    assert error.retry_after == 7.0


def test_error_list_gives_message_code_and_field():
    body = {
        "errors": [
            {
                "code": 42,
                "summary": "INVALID_PARAMETERS",
                "message": "bad destination",
                "field": "destination",
            }
        ]
    }
    error = error_for(response(400, body))
    assert isinstance(error, PermanentApioError)
    assert (error.status, error.code, error.message) == (400, 42, "bad destination")
    assert error.field_messages() == {"destination": ["bad destination"]}


def test_broadworks_details_shape_is_read():
    body = {
        "details": {
            "error_code": "4008",
            "level": "Error",
            "summary": "User not found",
            "detail": "",
        }
    }
    error = error_for(response(400, body))
    assert error.message == "User not found"
    assert error.code == "4008"


def test_not_found_is_its_own_kind():
    assert isinstance(error_for(response(404, {"error": "Service not assigned"})), ApioNotFound)


def test_a_body_that_is_not_json_still_gives_a_message():
    error = error_for(response(400, text="<html>Bad Request</html>"))
    assert "Bad Request" in error.message
