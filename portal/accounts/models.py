from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Platform admin"
    HELPDESK = "helpdesk", "Helpdesk"
    SUPERVISOR = "supervisor", "Supervisor"
    END_USER = "end_user", "End user"


class User(AbstractUser):
    """A person who signs in to the portal.

    End users and supervisors are linked to their BroadWorks user through ``apio_user_id``.
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.END_USER)
    apio_user_id = models.CharField(
        "APIO user id", max_length=161, blank=True, help_text="The BroadWorks user this person is."
    )

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN
