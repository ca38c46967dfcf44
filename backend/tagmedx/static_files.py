"""One file of the built SPA as an HTTP answer: its precompressed twin when the browser takes it.

The build (frontend/vite.config.ts) writes `name.br` and `name.gz` beside each text file, so the
server never compresses at request time. The answer names the original's type, says which encoding it
used, `Vary: Accept-Encoding` (a cache must not give gzip to a browser that did not ask for it), and
carries the served file's ETag, so each encoding revalidates on its own (304 when unchanged).
"""

import mimetypes
from pathlib import Path

from fastapi.responses import FileResponse, Response
from starlette.datastructures import Headers

# Best first: brotli is smaller than gzip for the same file.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
REVALIDATION_HEADERS = ("cache-control", "etag", "last-modified", "vary", "content-encoding")


def coding_qualities(accept_encoding: str) -> dict[str, float]:
    """`gzip, br;q=0.8, *;q=0` as {"gzip": 1.0, "br": 0.8, "*": 0.0} (RFC 9110 section 12.5.3)."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[coding.lower()] = quality
    return qualities


def chosen_variant(file: Path, accept_encoding: str) -> tuple[Path, str | None]:
    """The precompressed twin the browser prefers (brotli on a tie), or the file itself."""
    qualities = coding_qualities(accept_encoding)
    best: tuple[Path, str | None] = (file, None)
    best_quality = 0.0
    for coding, suffix in PRECOMPRESSED:
        quality = qualities.get(coding, qualities.get("*", 0.0))
        twin = file.with_name(file.name + suffix)
        if quality > best_quality and twin.is_file():
            best, best_quality = (twin, coding), quality
    return best


def is_not_modified(request_headers: Headers, etag: str) -> bool:
    if_none_match = request_headers.get("if-none-match")
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))


def static_file_response(file: Path, request_headers: Headers, cache_control: str) -> Response:
    """`file` (inside the SPA's folder) or its precompressed twin, or 304 when the browser has it."""
    served, coding = chosen_variant(file, request_headers.get("accept-encoding", ""))
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if coding:
        headers["Content-Encoding"] = coding
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(served, headers=headers, media_type=media_type, stat_result=served.stat())
    if is_not_modified(request_headers, response.headers["etag"]):
        kept = {name: response.headers[name] for name in REVALIDATION_HEADERS if name in response.headers}
        return Response(status_code=304, headers=kept)
    return response
