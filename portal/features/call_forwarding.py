from portal.features.base import Feature, Section


def forwarding(key: str, title: str, path: str, service: str, *fields: str) -> Section:
    """One of the forwarding services: the same object at its own path, with its fields."""
    return Section(
        key=key,
        title=title,
        definition="call_forwarding",
        service_path=path,
        service_name=service,
        fields=("active", "destination", *fields),
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
