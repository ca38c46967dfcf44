"""Through the API: a JPEG Lossless DICOM (1.2.840.10008.1.2.4.70, the commonest lossless syntax in
PACS archives) is accepted and served; an EXIF-rotated JPEG is stored upright, sized upright."""

import io

import httpx
import numpy as np
import pydicom
import pytest
from PIL import Image, ImageOps
from pydicom.pixels import apply_modality_lut
from pydicom.uid import JPEGLosslessSV1
from sqlalchemy.ext.asyncio import AsyncSession

from .helpers import dicom, dicom_path, make_world, upload

pytestmark = pytest.mark.anyio


async def test_a_jpeg_lossless_dicom_uploads_and_its_pixels_and_image_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    source = pydicom.dcmread(dicom_path("JPEG-LL.dcm"))
    assert source.file_meta.TransferSyntaxUID == JPEGLosslessSV1

    response = await upload(
        client, world.admin, world.set_id, ("ll.dcm", dicom("JPEG-LL.dcm")), content_type="application/dicom"
    )

    assert response.status_code == 201, response.text
    sample = response.json()["created"][0]
    assert (sample["format"], sample["width"], sample["height"]) == ("dicom", 256, 1024)
    assert sample["dicom"]["transfer_syntax"] == JPEGLosslessSV1

    pixels = await client.get(f"/api/samples/{sample['id']}/pixels", headers=world.annotator.headers)
    assert pixels.status_code == 200
    headers = pixels.headers
    rows, columns = int(headers["x-pixel-rows"]), int(headers["x-pixel-columns"])
    stored = np.frombuffer(pixels.content, dtype=np.dtype(headers["x-pixel-dtype"]).newbyteorder("<"))
    values = stored.reshape(rows, columns).astype(np.float64) + float(headers["x-pixel-offset"])
    np.testing.assert_array_equal(values, apply_modality_lut(source.pixel_array, source))

    image = await client.get(f"/api/samples/{sample['id']}/image", headers=world.annotator.headers)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (256, 1024)

    original = await client.get(f"/api/samples/{sample['id']}/original", headers=world.admin.headers)
    assert pydicom.dcmread(io.BytesIO(original.content)).file_meta.TransferSyntaxUID == JPEGLosslessSV1


async def test_an_exif_rotated_jpeg_is_stored_and_sized_upright(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    picture = np.zeros((200, 400, 3), dtype=np.uint8)
    picture[20:60, 30:90] = 255  # a white block near the top-left corner, before rotation
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated 90 degrees clockwise
    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, format="JPEG", exif=exif.tobytes(), quality=95)
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(buffer.getvalue())))

    response = await upload(client, world.admin, world.set_id, ("phone.jpg", buffer.getvalue()))

    assert response.status_code == 201, response.text
    sample = response.json()["created"][0]
    assert (sample["width"], sample["height"]) == upright.size == (200, 400)
    for kind, person in (("original", world.admin), ("image", world.annotator)):
        served = await client.get(f"/api/samples/{sample['id']}/{kind}", headers=person.headers)
        assert served.status_code == 200
        stored = Image.open(io.BytesIO(served.content))
        assert stored.getexif().get(0x0112) is None
        difference = np.abs(np.asarray(stored).astype(int) - np.asarray(upright).astype(int))
        assert difference.mean() < 1.0
