"""Every feature screen, by URL key. Adding a screen is adding a declaration here."""

from portal.features.agent_call_centers import AGENT_CALL_CENTERS
from portal.features.base import Feature
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.conferences import CONFERENCES
from portal.features.one_switch import ONE_SWITCH_FEATURES
from portal.features.ring_numbers import RING_NUMBER_FEATURES
from portal.features.screening import SCREENING_FEATURES
from portal.features.selective import SELECTIVE_FORWARDING
from portal.features.voice_messaging import VOICE_MESSAGING

FEATURES: dict[str, Feature] = {
    feature.key: feature
    for feature in (
        CALL_FORWARDING,
        VOICE_MESSAGING,
        *ONE_SWITCH_FEATURES,
        SELECTIVE_FORWARDING,
        *SCREENING_FEATURES,
        *RING_NUMBER_FEATURES,
        CONFERENCES,
        AGENT_CALL_CENTERS,
    )
}


def get_feature(key: str) -> Feature | None:
    return FEATURES.get(key)
