"""What every change to an item of a list shares through the API (a rule, a schedule, a
conference, an agent's availability): whose list it is, found through the same access helper as
the pages, and the change queued through the same outbox, for the user on their own line."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from portal import access
from portal.api.errors import FormRejected, form_fields
from portal.api.sections import ApiScreen, own_request, submit
from portal.changes.models import PendingChange
from portal.definitions.loader import get_definition
from portal.definitions.model import FieldType, ObjectDefinition
from portal.features import item_lists

NOT_IN_FORM = _("This field is not part of this form.")
NOT_A_VALUE = _("Enter a valid value.")

Queued = tuple[PendingChange, bool]  # the change, and whether it is new


class NothingChanged(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "nothing_changed"
    default_detail = _("Nothing changed: the platform holds these values already.")


def item_screen(request: Request, ids: dict, feature_key: str, writing: bool) -> ApiScreen:
    """Staff name the user by three ids; without them, the caller's own line. A write, as a
    page's save, is allowed while the user's details cannot be read (the push will tell)."""
    if ids:
        profile, feature = access.staff_feature_or_404(
            request.user, ids["tenant_id"], ids["group_id"], ids["user_id"], feature_key, writing
        )
        return ApiScreen(profile, feature, own_portal=False)
    profile, feature = access.own_feature_or_404(own_request(request), feature_key, writing)
    return ApiScreen(profile, feature, own_portal=True)


def queue(request: Request, screen: ApiScreen, *change, **when) -> Queued:
    """The `item_lists.item_change(screen, *change, **when)` a page would queue, queued."""
    return submit(request, screen, item_lists.item_change(screen, *change, **when))


def refuse_unknown(values: dict, known: set[str]) -> None:
    """A field the page's form does not have is refused by name, not silently dropped."""
    unknown = {str(name): [str(NOT_IN_FORM)] for name in values if name not in known}
    if unknown:
        raise FormRejected(unknown)


def refuse_invalid(form, prefix: str) -> None:
    """The form's own messages, by field, when it refuses the values."""
    if not form.is_valid():
        raise FormRejected(form_fields(form.error_map(), prefix))


# What JSON value each type of field takes; a form would read any other as text ("None").
JSON_TYPES = {
    FieldType.STRING: (str,),
    FieldType.DATE: (str,),
    FieldType.DATETIME: (str,),
    FieldType.BOOLEAN: (bool,),
    FieldType.INTEGER: (int,),
    FieldType.STRING_INTEGER: (str, int),
    FieldType.OBJECT: (dict,),
    FieldType.OBJECT_STRING: (dict, str),
    FieldType.ARRAY: (list,),
}


def _of_type(field, value) -> bool:
    if value is None:  # an optional part left out ("null"); a required one the form refuses
        return field.type in (FieldType.OBJECT, FieldType.OBJECT_STRING)
    if isinstance(value, bool) and field.type is not FieldType.BOOLEAN:
        return False
    return isinstance(value, JSON_TYPES.get(field.type, (str, int, bool)))


def wrong_shapes(definition: ObjectDefinition, values: dict, path: str = "") -> dict:
    """Values that are not of their field's JSON type (a list for a name), and fields the
    definition does not have, by dotted path: refused before the form reads them as text."""
    out: dict[str, list[str]] = {}
    for name, value in values.items():
        where = f"{path}{name}"
        try:
            field = definition.field(str(name))
        except KeyError:
            out[where] = [str(NOT_IN_FORM)]
            continue
        if not _of_type(field, value):
            out[where] = [str(NOT_A_VALUE)]
            continue
        target = get_definition(field.ref) if field.ref else None
        if isinstance(value, dict) and target is not None:
            out.update(wrong_shapes(target, value, f"{where}."))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                at = f"{where}.{index}"
                if target is not None and isinstance(item, dict):
                    out.update(wrong_shapes(target, item, f"{at}."))
                elif target is not None or item is None or isinstance(item, dict | list):
                    out[at] = [str(NOT_A_VALUE)]
    return out


def refuse_wrong_shapes(definition: ObjectDefinition, values: dict) -> None:
    problems = wrong_shapes(definition, values)
    if problems:
        raise FormRejected(problems)


def refuse_non_text(values: dict) -> None:
    """Values a page types into a text box: a user id, a recording's name."""
    problems = {str(k): [str(NOT_A_VALUE)] for k, v in values.items() if not isinstance(v, str)}
    if problems:
        raise FormRejected(problems)


def form_data(build, *args, **kwargs):
    """The POST a page would send for these values; a value of the wrong shape (a list where
    the form takes text) is refused on the fields it was given for."""
    try:
        return build(*args, **kwargs)
    except (TypeError, ValueError, AttributeError, KeyError):
        raise FormRejected({"values": [str(NOT_A_VALUE)]}) from None
