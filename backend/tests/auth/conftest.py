"""Cheaper argon2 parameters for these tests: the format and behaviour are the same, the cost is not."""

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

from tagmedx.features.auth import passwords

FAST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1), BcryptHasher()))


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", FAST_HASHER.hash("tagmedx-timing-equaliser"))
