from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Platform admin"
    HELPDESK = "helpdesk", "Helpdesk"
    SUPERVISOR = "supervisor", "Supervisor"
    END_USER = "end_user", "End user"


# Who looks after other people's settings (the rest look after their own).
STAFF_ROLES = (Role.ADMIN, Role.HELPDESK)


class User(AbstractUser):
    """A person who signs in to the portal.

    End users and supervisors are linked to their BroadWorks user through ``apio_user_id``.
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.END_USER)
    apio_user_id = models.CharField(
        "APIO user id", max_length=161, blank=True, help_text="The BroadWorks user this person is."
    )
    apio_tenant_id = models.CharField("APIO tenant id", max_length=80, blank=True)
    apio_group_id = models.CharField("APIO group id", max_length=80, blank=True)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


def default_end_user_features() -> list[str]:
    return ["call-forwarding"]


class TenantPolicy(models.Model):
    """What the end users of one tenant may change themselves."""

    tenant_id = models.CharField(max_length=80, unique=True)
    end_user_features = models.JSONField(
        default=default_end_user_features,
        help_text="Feature keys end users may edit, e.g. call-forwarding, voice-messaging.",
    )

    def __str__(self) -> str:
        return f"policy of {self.tenant_id}"


def end_user_features(tenant_id: str) -> list[str]:
    policy = TenantPolicy.objects.filter(tenant_id=tenant_id).first()
    return policy.end_user_features if policy else default_end_user_features()


class Scope(models.Model):
    """A tenant, or one group of it, whose users a helpdesk person looks after."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scopes")
    tenant_id = models.CharField(max_length=80)
    group_id = models.CharField(max_length=80, blank=True, help_text="Empty: the whole tenant.")

    class Meta:
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

    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="audit_entries")
    # Set when staff acted through a user's own view ("helpdesk X acting for user Y").
    acting_for = models.CharField(max_length=161, blank=True)
    tenant_id = models.CharField(max_length=80, blank=True)
    group_id = models.CharField(max_length=80, blank=True)
    target_user_id = models.CharField(max_length=161, blank=True, db_index=True)
    feature = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=40)
    # field -> {"old": ..., "new": ...}, with secret values masked.
    fields = models.JSONField(default=dict, blank=True)
    change = models.ForeignKey(
        "changes.PendingChange", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_user_id}"
