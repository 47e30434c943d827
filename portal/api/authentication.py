"""How the API knows who calls: a personal key (Authorization: Bearer …), or the session of a
signed-in person (with its CSRF token, as the pages)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from portal.api.tokens import find_token, note_use


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None  # not ours: the session may know the person
        key = key.strip()
        token = find_token(key) if key else None
        if token is None:
            # Never the key itself in a message or a log.
            raise exceptions.AuthenticationFailed(_("This API key is not valid or was revoked."))
        note_use(token)
        return token.owner, token

    def authenticate_header(self, request) -> str:
        # A 401 (not 403) for a caller without credentials, saying how to authenticate.
        return self.keyword
