"""process_upload is pure: the same results from many threads at once as from one."""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor

from tagmedx.imaging import process_upload

from .helpers import SECRET, dicom_bytes, encode, gradient_rgb, noise_rgb


def test_parallel_calls_give_the_sequential_results() -> None:
    inputs = [
        encode(noise_rgb(512, 512), "PNG"),
        encode(gradient_rgb(2500, 600), "JPEG"),
        dicom_bytes("CT_small.dcm"),
        dicom_bytes("US1_J2KR.dcm"),
        dicom_bytes("emri_small_RLE.dcm"),
    ] * 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [process_upload(data, uid_secret=SECRET) for data in inputs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda data: process_upload(data, uid_secret=SECRET), inputs))
    assert results == expected
