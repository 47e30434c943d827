"""What the API reads and answers, as serializers (drf-spectacular documents them)."""

import dataclasses
import typing

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.accounts.models import AuditEntry
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import mask_secrets
from portal.features.agent_call_centers import Row as CallCenterRow
from portal.reads import UserSummary

# The serializer field of each type a dataclass the API answers with may have.
FIELD_TYPES = {str: serializers.CharField, bool: serializers.BooleanField}


def described(data_class, name: str, **help_texts: str) -> type[serializers.Serializer]:
    """The serializer `name` of an answer made of a dataclass's fields (`asdict`): one field per
    field of the dataclass, of its type, so that the description follows the answer."""
    hints = typing.get_type_hints(data_class)
    fields = {}
    for field in dataclasses.fields(data_class):
        types = typing.get_args(hints[field.name]) or (hints[field.name],)
        kind = next(t for t in types if t is not type(None))
        options = {"allow_null": True} if type(None) in types else {}
        if field.name in help_texts:
            options["help_text"] = help_texts[field.name]
        fields[field.name] = FIELD_TYPES[kind](**options)
    return type(name, (serializers.Serializer,), {"__module__": __name__, **fields})


# -- errors -----------------------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field of the payload (nested fields joined with dots).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# -- users ------------------------------------------------------------------------------------


UserSerializer = described(UserSummary, "UserSerializer")


class UserSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, help_text="A name in either order, a user id, digits of a number."
    )
    tenant = serializers.CharField(required=False, default="", allow_blank=True, max_length=80)
    group = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200,
        help_text="A group's id or name, among those in your scope.",
    )  # fmt: skip


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField(help_text="The object definition its values follow.")
    assigned = serializers.BooleanField(help_text="Whether the user has the service.")
    values = serializers.DictField(help_text="The object as the platform holds it (no secrets).")
    error = serializers.CharField(help_text="Why the values could not be read, if so.")


class FeatureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    sections = serializers.ListField(child=serializers.CharField())


class FeatureSettingsSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    user = UserSerializer()
    sections = SectionSerializer(many=True)


# -- changes ----------------------------------------------------------------------------------


# Staff name the user by three ids; anyone leaving them out means their own line. (A comment,
# not a docstring: the serializers below would inherit it as their description.)
class WhoseSerializer(serializers.Serializer):
    tenant_id = serializers.CharField(
        required=False, max_length=80,
        help_text="Whose settings: the three ids, for staff. Left out: your own line.",
    )  # fmt: skip
    group_id = serializers.CharField(required=False, max_length=80)
    user_id = serializers.CharField(required=False, max_length=161)

    def validate(self, data: dict) -> dict:
        ids = [name for name in ("tenant_id", "group_id", "user_id") if data.get(name)]
        if ids and len(ids) != 3:
            raise serializers.ValidationError(
                _("Give the tenant, group and user ids together, or none of them.")
            )
        return data


class ChangeCreateSerializer(WhoseSerializer):
    feature = serializers.SlugField(max_length=80, help_text='A feature\'s key: "call-forwarding".')
    section = serializers.SlugField(max_length=80, help_text='A section\'s key: "always".')
    values = serializers.DictField(
        help_text="The section's fields to change, named as in its definition. Fields left out "
        "keep the value the platform holds now."
    )


class RuleChangeCreateSerializer(WhoseSerializer):
    feature = serializers.SlugField(max_length=80, help_text='"selective-forwarding"…')
    rule = serializers.CharField(max_length=80, help_text="The rule's name.")
    action = serializers.ChoiceField(choices=["turn_on", "turn_off", "delete"])


class ChangeSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ChangeStatus.choices)
    status_label = serializers.CharField(help_text="The status in words, as the page shows it.")
    message = serializers.CharField(source="shown_message", help_text="The platform's reason.")
    payload = serializers.SerializerMethodField(help_text="What is sent, secrets masked.")
    created_by = serializers.CharField(source="created_by.username")
    can_retry = serializers.BooleanField()
    can_cancel = serializers.BooleanField()

    class Meta:
        model = PendingChange
        fields = [
            "id", "status", "status_label", "message", "field_errors", "conflict",
            "tenant_id", "group_id", "user_id", "feature", "definition", "method", "path",
            "payload", "created_by", "created_at", "finished_at", "attempt_count",
            "can_retry", "can_cancel",
        ]  # fmt: skip
        read_only_fields = fields

    def get_payload(self, change: PendingChange) -> dict:
        return mask_secrets(change.definition, change.payload)


class ChangeListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ChangeStatus.choices, required=False)
    user_id = serializers.CharField(required=False, max_length=161)
    feature = serializers.CharField(required=False, max_length=80)


# -- audit ------------------------------------------------------------------------------------


class AuditEntrySerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="actor.username")
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id", "created_at", "person", "acting_for", "tenant_id", "group_id",
            "target_user_id", "feature", "action", "fields", "change", "outcome",
        ]  # fmt: skip
        read_only_fields = fields

    def get_outcome(self, entry: AuditEntry) -> str:
        return entry.change.status if entry.change_id else ""


class AuditQuerySerializer(serializers.Serializer):
    """The audit page's filters (its own form validates them: portal.accounts.audit)."""

    person = serializers.CharField(required=False)
    user = serializers.CharField(required=False)
    feature = serializers.CharField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    outcome = serializers.ChoiceField(choices=ChangeStatus.choices, required=False)


# -- item lists and call centers --------------------------------------------------------------


class ItemSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="What names the item in its address.")
    title = serializers.CharField(help_text="The item in words, as its list shows it.")
    values = serializers.DictField(help_text="The item as the platform holds it.")


class ItemValuesSerializer(serializers.Serializer):
    values = serializers.DictField(
        help_text="The fields of the item's form, named as in its definition. A rule: "
        '{"name", "active", "fromDnCriteria", …}. A schedule: {"name", "lines": [{"days", '
        '"start", "stop"}]} (a holiday schedule\'s lines: {"name", "first", "last"}). A '
        'conference: its definition\'s fields, and "bridgeId" when it is new. In a change, '
        "fields left out keep the value the platform holds now."
    )


class ItemPartSerializer(serializers.Serializer):
    values = serializers.DictField(
        help_text='A conference\'s "delegates": {"add": "<user id>"} or {"remove": "<user '
        'id>"}; "recordings": {"startTime": "…"} (that recording deleted); "greeting": '
        '{"name": "<recording>"}.'
    )


class AvailabilitySerializer(serializers.Serializer):
    available = serializers.BooleanField(help_text="Whether calls of this call center reach you.")


CallCenterSerializer = described(
    CallCenterRow, "CallCenterSerializer",
    becoming="The state a change on its way asks for, if any.",
)  # fmt: skip
