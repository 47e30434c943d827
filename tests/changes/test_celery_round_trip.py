import pytest

from portal.celery import ping

pytestmark = pytest.mark.integration


def test_task_round_trip_through_a_real_worker(celery_worker):
    result = ping.delay("round-trip-42")
    assert result.get(timeout=20) == "round-trip-42"
    assert result.status == "SUCCESS"
