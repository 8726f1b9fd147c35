"""Files served for download: bytes and a file name in; a response that saves them under that name
(UTF-8 names for Chinese, RFC 6266) and is never cached by a shared proxy."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(data: bytes, filename: str, *, content_type: str = DOCX, sha256: str = "") -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response.headers["Content-Disposition"] = _disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    if sha256:
        # The frozen document's digest, for whoever must show it is the one issued.
        response.headers["X-Content-SHA256"] = sha256
        response.headers["ETag"] = f'"{sha256}"'
    return response


def _disposition(filename: str) -> str:
    return f"attachment; filename=\"document.docx\"; filename*=UTF-8''{quote(filename)}"
