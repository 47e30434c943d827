from portal.changes.secrets import MASK, mask_secrets, secret_paths, strip_secrets


def test_mail_server_passwords_are_secrets():
    found = secret_paths("user_voice_messaging_advanced")
    assert ("groupMailServerPassword",) in found
    assert ("personalMailServerPassword",) in found
    assert ("mailServerSelection",) not in found


def test_strip_removes_only_secret_values():
    payload = {"mailServerSelection": "Personal Mail Server", "personalMailServerPassword": "pw1"}
    cleaned, removed = strip_secrets("user_voice_messaging_advanced", payload)
    assert cleaned == {"mailServerSelection": "Personal Mail Server"}
    assert removed == ["personalMailServerPassword"]
    assert payload["personalMailServerPassword"] == "pw1"  # the original is left alone


def test_mask_keeps_the_key_and_hides_the_value():
    masked = mask_secrets("user_voice_messaging_advanced", {"groupMailServerPassword": "s3cret"})
    assert masked == {"groupMailServerPassword": MASK}
