"""Guards of the redaction routes, and the server's text scanner."""

from typing import Annotated

from fastapi import Depends, Request

from tagmedx.authz import Access, Action, guard
from tagmedx.features.redaction.scanner import TextScanner
from tagmedx.models import Sample

SampleRedactor = Annotated[Access[Sample], Depends(guard("sample_id", Action.redact_samples))]


def get_text_scanner(request: Request) -> TextScanner:
    scanner: TextScanner = request.app.state.text_scanner
    return scanner


AppTextScanner = Annotated[TextScanner, Depends(get_text_scanner)]
