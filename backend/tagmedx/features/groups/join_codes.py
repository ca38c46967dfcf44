"""Join codes people can read aloud and type back: Crockford's base32, grouped in fours.

A code is 12 symbols of Crockford's alphabet (digits and capitals without I, L, O and U), 60 random
bits, shown as `7KQ2-MX9P-4TZA`. Typed back, case, spaces and dashes do not matter, and the letters
people confuse with digits are read as those digits (O as 0; I and L as 1), as Crockford's decoding
does: whoever dictates "zero" or "oh", "one" or "el", the code still matches.

Codes made before this format (16 URL-safe characters) stay valid: `lookup_forms` tries the code as
typed first, so they keep matching exactly.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: 32 symbols, 5 bits each
SYMBOLS = 12  # 60 bits
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")  # spaces, hyphens and dashes


def new_code() -> str:
    """A fresh random code, e.g. `7KQ2-MX9P-4TZA`."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    return _grouped(symbols)


def canonical(typed: str) -> str | None:
    """The stored form of a typed code in this format, or None when it is not one."""
    symbols = _SEPARATORS.sub("", typed).upper().translate(_READ_AS)
    if len(symbols) != SYMBOLS or any(symbol not in ALPHABET for symbol in symbols):
        return None
    return _grouped(symbols)


def lookup_forms(typed: str) -> list[str]:
    """What to look a typed code up by: as typed (older codes), then its canonical form."""
    forms = [typed.strip()]
    normal = canonical(typed)
    if normal is not None and normal not in forms:
        forms.append(normal)
    return forms


def _grouped(symbols: str) -> str:
    return "-".join(symbols[start : start + GROUP] for start in range(0, len(symbols), GROUP))
