"""Password hashing: argon2 for new hashes; bcrypt hashes from the original TagMedX still verify."""

import anyio.to_thread
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

_hasher = PasswordHash((Argon2Hasher(), BcryptHasher()))
# Verified when the e-mail is unknown, so both answers cost the same time.
_DUMMY_HASH = _hasher.hash("tagmedx-timing-equaliser")


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """(matches, new hash when the stored one should be upgraded, e.g. bcrypt -> argon2)."""
    if password_hash is None:
        await anyio.to_thread.run_sync(_hasher.verify, password, _DUMMY_HASH)
        return False, None
    try:
        return await anyio.to_thread.run_sync(_hasher.verify_and_update, password, password_hash)
    except Exception:  # an unreadable stored hash never signs anyone in
        return False, None
