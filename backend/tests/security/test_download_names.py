"""`/original` downloads are named with the extension of the format we detected, never the uploaded
one: a valid PNG with HTML appended, uploaded as `x.html`, saves as `x.png`, so no browser or file
manager opens it as a page. The uploaded stem stays, made safe. Content-Disposition is read back with
the standard library's MIME parser (RFC 2231 / 5987 `filename*` included), not with our own code."""

from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.samples.helpers import dicom, jpeg, make_world, png, upload

pytestmark = pytest.mark.anyio

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
UNSAFE = set('<>:"/\\|?*') | {chr(code) for code in range(32)} | {"\x7f", "\u202e"}


def parameter(disposition: str, name: str) -> str:
    """One parameter of a Content-Disposition, decoded by the standard library (which, given both,
    would read `filename` and drop `filename*`: each is parsed alone)."""
    parts = [part.strip() for part in disposition.split(";")]
    assert parts[0] == "attachment"
    only = [part for part in parts[1:] if part.split("=", 1)[0] == name]
    assert len(only) == 1, disposition
    message = EmailMessage()
    message["Content-Disposition"] = f"attachment; {only[0]}"
    value = message.get_filename()
    assert isinstance(value, str)
    return value


def saved_names(response: httpx.Response) -> tuple[str, str]:
    """(the name a browser saves under, from `filename*`; the ASCII fallback `filename=`)."""
    disposition = response.headers["content-disposition"]
    return parameter(disposition, "filename*"), parameter(disposition, "filename")


async def download(
    client: httpx.AsyncClient, session: AsyncSession, name: str, data: bytes
) -> tuple[str, str]:
    world = await make_world(session)
    uploaded = await upload(client, world.admin, world.set_id, (name, data))
    assert uploaded.status_code == 201, uploaded.text
    sample_id = uploaded.json()["created"][0]["id"]
    response = await client.get(f"/api/samples/{sample_id}/original", headers=world.admin.headers)
    assert response.status_code == 200
    assert response.content == data or response.content[128:132] == b"DICM"  # DICOM: de-identified
    return saved_names(response)


async def test_a_png_with_html_appended_uploaded_as_x_html_saves_as_x_png(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert await download(client, session, "x.html", png() + HTML) == ("x.png", "x.png")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("scans/kidney left.PNG", lambda: png(seed=2), "kidney left.png"),
        ("photo.jpeg", lambda: jpeg(), "photo.jpg"),
        ("report.pdf", lambda: jpeg(seed=3), "report.jpg"),
        ("ct.html", lambda: dicom(), "ct.dcm"),
        ("CT.DCM", lambda: dicom("MR_small.dcm"), "CT.dcm"),
        ("1.2.840.113619.2.55", lambda: dicom(), "1.2.840.113619.2.55.dcm"),  # a UID: no extension
        ("zdjęcie płuc.svg", lambda: png(seed=4), "zdjęcie płuc.png"),
        ('<img src=x onerror="alert(1)">.png', lambda: png(seed=5), None),
        ("a\u202egnp.exe", lambda: png(seed=6), None),
        ("...", lambda: png(seed=7), None),
        ("con:|?*.html", lambda: png(seed=8), None),
    ],
)
async def test_the_extension_is_the_detected_formats_and_the_stem_is_safe(
    client: httpx.AsyncClient, session: AsyncSession, name: str, data: object, expected: str | None
) -> None:
    assert callable(data)
    unicode_name, ascii_name = await download(client, session, name, data())
    if expected is not None:
        assert unicode_name == expected
    for saved in (unicode_name, ascii_name):
        assert not UNSAFE & set(saved), saved
        assert saved.rsplit(".", 1)[-1] in ("png", "jpg", "dcm"), saved
        assert len(saved) > len(".png") and not saved.startswith(".")
    assert ascii_name.isascii()
