"""The outbox: every accepted edit, until APIO has it (or a person gives up on it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import reasons


class ChangeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    CONFLICT = "conflict", _("Conflict")
    CANCELLED = "cancelled", _("Cancelled")


# Changes in these states still have to reach APIO, in order, per backend object.
OPEN_STATUSES = (ChangeStatus.QUEUED, ChangeStatus.SENDING)
FINAL_STATUSES = (ChangeStatus.APPLIED, ChangeStatus.FAILED, ChangeStatus.CANCELLED)


class PendingChange(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="changes"
    )
    # The backend user the change is for (scope checks and filters).
    tenant_id = models.CharField(max_length=80)
    group_id = models.CharField(max_length=80)
    user_id = models.CharField(max_length=161)

    feature = models.CharField(max_length=80)
    definition = models.CharField(max_length=80)
    method = models.CharField(max_length=6)
    path = models.CharField(max_length=500, help_text=_("The APIO path the change is sent to."))
    # Changes to one object (one path) are applied one at a time, in `queued_at` order; the
    # changes to the items of a collection share the collection's line (`portal.changes.paths`).
    object_key = models.CharField(max_length=500, db_index=True)

    payload = models.JSONField(default=dict)
    # The payload's digest: the same person's identical queued change is refused (a double
    # click on Save makes one change).
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    snapshot = models.JSONField(
        default=dict, help_text=_("The values the form started from, for the fields it changes.")
    )
    redacted_fields = models.JSONField(default=list, blank=True)

    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.QUEUED, db_index=True
    )
    message = models.TextField(blank=True, help_text=_("APIO's reason for a failure."))
    field_errors = models.JSONField(default=dict, blank=True)
    conflict = models.JSONField(
        default=dict, blank=True, help_text="field -> {snapshot, platform, mine}"
    )
    attempt_count = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    # When the form was loaded: platform changes after this moment are conflicts.
    loaded_at = models.DateTimeField()
    queued_at = models.DateTimeField(db_index=True)
    next_attempt_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # While a change is being sent: the round holding it, and until when. Its sender renews
    # the lease every few seconds while it lives; the sweeper takes back a lapsed one.
    sender = models.CharField(max_length=32, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    maybe_sent = models.BooleanField(
        default=False,
        help_text=_("Its sending stopped before APIO's answer came: APIO may hold it already."),
    )
    deadline_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_key", "status", "queued_at"]),
            # The changes for one user (the recent changes beside a list of their items).
            models.Index(fields=["user_id", "tenant_id", "group_id"], name="change_target"),
            # The changes list, newest first: read in order, 50 at a time, not sorted whole.
            # Only for a query that says `created_at IS NOT NULL` (always true), as that list
            # does (changes/views.py): another query ordered the same way but filtered on columns
            # without an index (a path's start) would walk this index row by row, slower
            # than reading the table and sorting the few rows it keeps.
            models.Index(
                fields=["created_at", "id"],
                name="change_newest_first",
                condition=models.Q(created_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "object_key", "fingerprint"],
                condition=models.Q(status="queued") & ~models.Q(fingerprint=""),
                name="one_identical_queued_change",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.method} {self.path} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def sender_stopped(self) -> bool:
        """Its sending was cut short (its worker died): it goes out again by itself."""
        if self.status == ChangeStatus.SENDING:
            return bool(self.lease_expires_at and self.lease_expires_at < timezone.now())
        return self.status == ChangeStatus.QUEUED and self.maybe_sent

    @property
    def status_label(self) -> str:
        return _("Retrying") if self.sender_stopped else self.get_status_display()

    @property
    def shown_message(self) -> str:
        """The message in the reader's language, where the portal wrote it."""
        return reasons.shown(self.message)

    @property
    def can_retry(self) -> bool:
        return self.status == ChangeStatus.FAILED

    @property
    def can_cancel(self) -> bool:
        return self.status in (ChangeStatus.QUEUED, ChangeStatus.CONFLICT)


class AttemptOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    TRANSIENT = "transient", _("Transient error")
    PERMANENT = "permanent", _("Rejected")
    CONFLICT = "conflict", _("Conflict")


class ChangeAttempt(models.Model):
    change = models.ForeignKey(PendingChange, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=AttemptOutcome.choices)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["change", "number"]
        constraints = [
            models.UniqueConstraint(fields=["change", "number"], name="unique_attempt_number")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of change #{self.change_id}: {self.outcome}"

    @property
    def shown_message(self) -> str:
        return reasons.shown(self.message)

    @property
    def duration_ms(self) -> int:
        return int((self.finished_at - self.started_at).total_seconds() * 1000)
