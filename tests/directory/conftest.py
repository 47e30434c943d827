from tests.features.conftest import helpdesk, helpdesk_client  # noqa: F401
