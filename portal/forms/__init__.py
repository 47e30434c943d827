"""Forms generated from the APIO object definitions.

Public API:
- `build_form_class(definition, method)`: the form class for an object and a method;
- `payload_to_initial(definition, payload)`: initial values from APIO's GET JSON;
- `form_to_payload(form)`: the request body of a valid form (a PUT carries only the changes);
- `payload_to_form_data(definition, method, payload)`: the POST data a browser would send.

The presence rules are documented in `portal.forms.factory`.
"""

from portal.forms.factory import build_form_class
from portal.forms.payload import form_to_payload, payload_to_form_data, payload_to_initial

__all__ = ["build_form_class", "form_to_payload", "payload_to_form_data", "payload_to_initial"]
