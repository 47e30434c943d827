from portal.definitions.model import Condition
from portal.features.base import Feature, Section

# APIO answers 400 to a PUT that leaves forwarding on without a number to forward to.
NUMBER_WHILE_ACTIVE = Condition(
    field="destination",
    when="active",
    equals=True,
    effect="required",
    methods=("PUT",),
    message="Enter the number to forward calls to, or turn forwarding off.",
    cleared_message="Turn forwarding off before removing its number.",
)


def forwarding(key: str, title: str, path: str, service: str, *fields: str) -> Section:
    """One of the forwarding services: the same object at its own path, with its fields."""
    return Section(
        key=key,
        title=title,
        definition="call_forwarding",
        service_path=path,
        service_name=service,
        fields=("active", "destination", *fields),
        destinations=("destination",),
        conditions=(NUMBER_WHILE_ACTIVE,),
    )


CALL_FORWARDING = Feature(
    key="call-forwarding",
    title="Call forwarding",
    summary="Always, busy, no answer and not reachable forwarding.",
    self_service=True,
    sections=(
        forwarding("always", "Forward always", "cfa", "Call Forwarding Always", "ringSplashActive"),
        forwarding("busy", "Forward when busy", "cfb", "Call Forwarding Busy"),
        forwarding(
            "no-answer",
            "Forward when not answered",
            "cfna",
            "Call Forwarding No Answer",
            "numberOfRings",
        ),  # fmt: skip
        forwarding(
            "not-reachable", "Forward when not reachable", "cfnr", "Call Forwarding Not Reachable"
        ),
    ),
)
