"""Device cookies, as OWASP describes them ("Slow Down Online Guessing Attacks with Device Cookies").

After a successful sign-in the browser gets a cookie entry naming the account: a random device id and
an HMAC of the account's e-mail and that id under the server's key. Later attempts for that account
from a browser holding a valid entry are counted against that device only (features/auth/service.py),
so a stranger's guesses cannot lock the doctor's own browser out. The cookie holds one entry per
account (a reading-room workstation is shared), newest first, and never the e-mail itself.

Checking an entry needs no database lookup and costs the same for known and unknown e-mails.
"""

import base64
import hashlib
import hmac
import re
import secrets
from datetime import timedelta

# Accounts one browser is trusted for: the doctors of a reading room, not a list a hostile cookie can grow.
MAX_ACCOUNTS = 8
LIFETIME = timedelta(days=180)
_ENTRY = re.compile(r"([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})")
_SEPARATOR = "~"


def new_device_id() -> str:
    return secrets.token_urlsafe(16)


def _signature(key: str, email: str, device_id: str) -> str:
    digest = hmac.new(key.encode(), f"device:{device_id}:{email}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _entries(cookie: str | None) -> list[tuple[str, str]]:
    """(device id, signature) of the well-formed entries, at most MAX_ACCOUNTS of them."""
    if not cookie:
        return []
    found = []
    for part in cookie.split(_SEPARATOR, MAX_ACCOUNTS)[:MAX_ACCOUNTS]:
        match = _ENTRY.fullmatch(part)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def trusted_device(cookie: str | None, email: str, key: str) -> str | None:
    """The device id this browser holds for `email` (an entry we signed for that e-mail), or None."""
    device_id = None
    for candidate, signature in _entries(cookie):
        # every entry is checked, so the time taken does not say which one matched
        if hmac.compare_digest(signature, _signature(key, email, candidate)) and device_id is None:
            device_id = candidate
    return device_id


def remember(cookie: str | None, email: str, device_id: str, key: str) -> str:
    """The cookie's new value: this account's entry first, then the other accounts' (oldest dropped)."""
    others = [
        f"{candidate}.{signature}"
        for candidate, signature in _entries(cookie)
        if not hmac.compare_digest(signature, _signature(key, email, candidate))
    ]
    return _SEPARATOR.join([f"{device_id}.{_signature(key, email, device_id)}", *others][:MAX_ACCOUNTS])
