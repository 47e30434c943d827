"""A change applied to a user makes what was read of them stale: forget it at once."""

from django.dispatch import receiver

from portal.changes.signals import changes_applied
from portal.core import UserRef
from portal.reads.users import forget_user


@receiver(changes_applied, dispatch_uid="reads.forget_applied")
def forget_applied(sender, changes, **kwargs) -> None:
    forget_user(*{UserRef(c.tenant_id, c.group_id, c.user_id) for c in changes})
