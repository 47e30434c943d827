from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform admin")
    HELPDESK = "helpdesk", _("Helpdesk")
    SUPERVISOR = "supervisor", _("Supervisor")
    END_USER = "end_user", _("End user")


# Who looks after other people's settings (the rest look after their own).
STAFF_ROLES = (Role.ADMIN, Role.HELPDESK)


class Theme(models.TextChoices):
    SYSTEM = "system", _("Automatic, as my device is set")
    LIGHT = "light", _("Light")
    DARK = "dark", _("Dark")


def language_choices() -> list[tuple[str, str]]:
    """The portal's languages, each named in itself, after following the browser."""
    return [("", _("As my browser is set")), *settings.LANGUAGES]


class User(AbstractUser):
    """A person who signs in to the portal.

    End users and supervisors are linked to their BroadWorks user through ``apio_user_id``.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.END_USER)
    apio_user_id = models.CharField(
        _("BroadWorks user id"),
        max_length=161,
        blank=True,
        help_text=_("The BroadWorks user this person is."),
    )
    apio_tenant_id = models.CharField(_("BroadWorks tenant id"), max_length=80, blank=True)
    apio_group_id = models.CharField(_("BroadWorks group id"), max_length=80, blank=True)
    # Personal preferences, which each person sets for themself.
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=language_choices,
        help_text=_("Empty: the language the browser asks for."),
    )
    theme = models.CharField(_("theme"), max_length=8, choices=Theme.choices, default=Theme.SYSTEM)

    class Meta(AbstractUser.Meta):
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


def default_end_user_features() -> list[str]:
    return ["call-forwarding"]


def self_service_choices() -> list[tuple[str, str]]:
    """The features end users could change themselves, as (key, title), in the registry's order."""
    # Imported here: the feature declarations import this module (for Role).
    from portal.features.registry import FEATURES

    return [(feature.key, feature.title) for feature in FEATURES.values() if feature.self_service]


def validate_end_user_features(value) -> None:
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ValidationError(_("Choose the features from the list."), code="invalid")
    known = {key for key, _title in self_service_choices()}
    unknown = [key for key in value if key not in known]
    if unknown:
        raise ValidationError(
            _("End users cannot be allowed to change these themselves: %(features)s."),
            code="unknown_feature",
            params={"features": ", ".join(unknown)},
        )


class TenantPolicy(models.Model):
    """What the end users of one tenant may change themselves."""

    tenant_id = models.CharField(
        _("BroadWorks tenant id"),
        max_length=80,
        unique=True,
        help_text=_("The tenant whose end users this applies to."),
    )
    end_user_features = models.JSONField(
        _("features end users may change"),
        default=default_end_user_features,
        validators=[validate_end_user_features],
        help_text=_(
            "What the tenant's end users may change on their own settings page. "
            "It does not limit what helpdesk staff may change for them."
        ),
    )

    class Meta:
        verbose_name = _("tenant policy")
        verbose_name_plural = _("tenant policies")

    def __str__(self) -> str:
        return gettext("Policy of %(tenant)s") % {"tenant": self.tenant_id}


def end_user_features(tenant_id: str) -> list[str]:
    """Read on every request, never kept: a policy saved in the admin applies at once."""
    policy = TenantPolicy.objects.filter(tenant_id=tenant_id).first()
    return policy.end_user_features if policy else default_end_user_features()


class Scope(models.Model):
    """A tenant, or one group of it, whose users a helpdesk person looks after."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="scopes", verbose_name=_("person")
    )
    tenant_id = models.CharField(_("BroadWorks tenant id"), max_length=80)
    group_id = models.CharField(
        _("BroadWorks group id"),
        max_length=80,
        blank=True,
        help_text=_("Empty: the whole tenant."),
    )

    class Meta:
        verbose_name = _("helpdesk scope")
        verbose_name_plural = _("helpdesk scopes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenant_id", "group_id"], name="unique_scope_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.group_id or '*'}"

    def covers(self, tenant_id: str, group_id: str) -> bool:
        return self.tenant_id == tenant_id and self.group_id in ("", group_id)


class AuditEntry(models.Model):
    """Who did what, for whom, when; never edited or deleted through the portal."""

    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="audit_entries", verbose_name=_("person")
    )
    # Set when staff acted through a user's own view ("helpdesk X acting for user Y").
    acting_for = models.CharField(_("acting for"), max_length=161, blank=True)
    tenant_id = models.CharField(_("BroadWorks tenant id"), max_length=80, blank=True)
    group_id = models.CharField(_("BroadWorks group id"), max_length=80, blank=True)
    target_user_id = models.CharField(
        _("BroadWorks user id"), max_length=161, blank=True, db_index=True
    )
    feature = models.CharField(_("feature"), max_length=80, blank=True)
    action = models.CharField(_("what was done"), max_length=120)
    # field -> {"old": ..., "new": ...}, with secret values masked.
    fields = models.JSONField(_("changed fields"), default=dict, blank=True)
    change = models.ForeignKey(
        "changes.PendingChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("change"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        # The audit list, newest first: read in order, 50 at a time, not sorted whole (the
        # date filters use it too).
        indexes = [models.Index(fields=["created_at", "id"], name="audit_newest_first")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_user_id}"
