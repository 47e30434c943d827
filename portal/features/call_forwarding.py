from portal.features.base import Feature, Section

CALL_FORWARDING = Feature(
    key="call-forwarding",
    title="Call forwarding",
    summary="Always, busy, no answer and not reachable forwarding.",
    self_service=True,
    sections=(
        Section(
            key="always",
            title="Forward always",
            definition="call_forwarding",
            service_path="cfa",
            service_name="Call Forwarding Always",
            fields=("active", "destination", "ringSplashActive"),
        ),
        Section(
            key="busy",
            title="Forward when busy",
            definition="call_forwarding",
            service_path="cfb",
            service_name="Call Forwarding Busy",
            fields=("active", "destination"),
        ),
        Section(
            key="no-answer",
            title="Forward when not answered",
            definition="call_forwarding",
            service_path="cfna",
            service_name="Call Forwarding No Answer",
            fields=("active", "destination", "numberOfRings"),
        ),
        Section(
            key="not-reachable",
            title="Forward when not reachable",
            definition="call_forwarding",
            service_path="cfnr",
            service_name="Call Forwarding Not Reachable",
            fields=("active", "destination"),
        ),
    ),
)
