"""Rate limits: per API key for key holders, per person for sessions (settings: see README)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.api.models import ApiToken


class PerKeyRateThrottle(SimpleRateThrottle):
    """Each key has its own budget (API_RATE_LIMIT), so one busy script does not starve
    another of the same person."""

    scope = "api"

    def get_rate(self) -> str:
        # Read when asked, not when DRF's settings were first loaded.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"key-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
