"""Key rules: only server-shaped keys pass, everything else is a ValueError."""

from __future__ import annotations

import pytest

from tagmedx.storage import MAX_KEY_LENGTH, make_storage_key, validate_key

SHA = "ab" + "0123456789abcdef" * 3 + "0123456789abcd"


@pytest.mark.parametrize(
    "key",
    [
        "a",
        "ab/" + SHA + "/original",
        "exports/2024-05-01/set_7.zip",
        "x" * MAX_KEY_LENGTH,
        "a.b/c-d/e_f",
        "...x",
    ],
)
def test_valid_keys_pass_unchanged(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../x",
        "x/../y",
        "x/..",
        "..",
        "./x",
        "x/./y",
        "/abs",
        "a//b",
        "a/",
        "UPPER",
        "a\\b",
        "a b",
        "a\x00b",
        "é",
        "a:b",
        "x" * (MAX_KEY_LENGTH + 1),
    ],
)
def test_invalid_keys_are_rejected(key: str) -> None:
    with pytest.raises(ValueError):
        validate_key(key)


def test_non_string_key_is_rejected() -> None:
    with pytest.raises(ValueError):
        validate_key(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["original", "display", "thumbnail", "pixels"])
def test_make_storage_key_fans_out_by_hash_prefix(kind: str) -> None:
    assert make_storage_key(SHA, kind) == f"ab/{SHA}/{kind}"


def test_make_storage_key_normalises_hex_case() -> None:
    assert make_storage_key(SHA.upper(), "original") == f"ab/{SHA}/original"


@pytest.mark.parametrize("kind", ["", "Original", "other", "../original", "original/x"])
def test_make_storage_key_rejects_unknown_kind(kind: str) -> None:
    with pytest.raises(ValueError):
        make_storage_key(SHA, kind)


@pytest.mark.parametrize("digest", ["", "ab", SHA[:-1], SHA + "0", "g" * 64, "../" + SHA[3:]])
def test_make_storage_key_rejects_bad_digest(digest: str) -> None:
    with pytest.raises(ValueError):
        make_storage_key(digest, "original")
