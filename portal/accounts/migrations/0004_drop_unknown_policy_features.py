"""Tenant policies keep only the features end users can change themselves.

Until now the policy was typed as JSON, and a misspelt key was saved without a word (and
allowed nothing). The keys are those of the self-service features when the policy became a
list of ticks; later features are added through the admin's ticks, never by this migration.
"""

import re

from django.db import migrations

SELF_SERVICE_FEATURES = ("call-forwarding", "voice-messaging")


def known_keys(value) -> list[str]:
    if isinstance(value, str):
        # A list typed as text ("call-forwarding, voice-messaging"): what was meant.
        value = re.split(r"[\s,;]+", value)
    elif isinstance(value, dict):
        value = list(value)
    elif not isinstance(value, list):
        value = []
    keys = {key for key in value if isinstance(key, str)}
    return [key for key in SELF_SERVICE_FEATURES if key in keys]


def drop_unknown_features(apps, schema_editor) -> None:
    TenantPolicy = apps.get_model("accounts", "TenantPolicy")
    for policy in TenantPolicy.objects.all():
        kept = known_keys(policy.end_user_features)
        if kept != policy.end_user_features:
            policy.end_user_features = kept
            policy.save(update_fields=["end_user_features"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_names_and_preferences"),
    ]

    operations = [
        migrations.RunPython(drop_unknown_features, migrations.RunPython.noop),
    ]
