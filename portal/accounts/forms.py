from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Wrong user name or password. Check both and try again.",
        "apio_unavailable": (
            "Your password cannot be checked right now: the telephony platform does not "
            "answer. Try again in a few minutes."
        ),
    }

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "apio_sign_in_unavailable", False):
            return ValidationError(self.error_messages["apio_unavailable"], code="apio_unavailable")
        return super().get_invalid_login_error()
