"""Every feature screen, by URL key. Adding a screen is adding a declaration here."""

from portal.accounts.models import Role, User
from portal.features.base import Feature
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.voice_messaging import VOICE_MESSAGING

FEATURES: dict[str, Feature] = {
    feature.key: feature for feature in (CALL_FORWARDING, VOICE_MESSAGING)
}


def get_feature(key: str) -> Feature | None:
    return FEATURES.get(key)


def features_for(user: User) -> list[Feature]:
    """The features this person may open for a user they can see."""
    if user.role in (Role.ADMIN, Role.HELPDESK):
        return [f for f in FEATURES.values() if user.role in f.staff_roles]
    return [f for f in FEATURES.values() if f.self_service]
