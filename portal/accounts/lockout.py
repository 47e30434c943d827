"""What django-axes counts sign-in failures by: the name, whatever its case, and the client.

Both are settings of axes (AXES_USERNAME_CALLABLE, AXES_CLIENT_IP_CALLABLE). A name typed in
another case is the same BroadWorks user, so it shares one counter; and behind reverse proxies
the client is the address the proxies say they were connected from, not the last proxy's, or
everyone would share one address and anyone could lock anyone out.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def sign_in_name(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The name a sign-in was attempted with, case-folded (as axes finds it otherwise)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        name = credentials.get(field)
    else:
        name = getattr(request, "data", request.POST).get(field)
    return name.strip().casefold() if isinstance(name, str) else name


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies put in X-Forwarded-For.

    With SWITCHBOARD_TRUSTED_PROXY_COUNT = n, each of the n proxies in front of the portal
    appends the address it was connected from, so the n-th entry from the right is what the
    outermost one saw; entries further left are the client's own say, and never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.SWITCHBOARD_TRUSTED_PROXY_COUNT
    if count < 1:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # did not come through every proxy: the address it came from is the one
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
