"""Files in and out of the web. In: an uploaded workbook, kept under its SHA-256 in the data
directory until its preview is confirmed (the confirming form sends the hash back), so a workbook
is applied only after the office (or the unit) has seen what it would change. Out: bytes and a
file name, as a response that saves them under that name (UTF-8 names for Chinese, RFC 6266) and
is never cached by a shared proxy.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from duban.errors import Refusal

MAX_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HEX = frozenset("0123456789abcdef")


def park(upload, what: str) -> str:
    """Keep an uploaded ``.xlsx`` (a Django ``UploadedFile`` or None) and return its hash."""
    if upload is None:
        raise Refusal(f"请选择要导入的 .xlsx {what}")
    if upload.size > MAX_BYTES:
        raise Refusal(f"文件超过 {MAX_BYTES // 1024 // 1024} MB：{what}不应这么大，请检查文件")
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    path = _path(digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return digest


def parked(digest: str) -> Path:
    """The file parked under ``digest``; a digest that is malformed or gone is refused."""
    if not (len(digest) == 64 and set(digest) <= _HEX) or not _path(digest).is_file():
        raise Refusal("上传的文件已失效：请重新选择文件")
    return _path(digest)


def _path(digest: str) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / f"{digest}.xlsx"


def attachment(data: bytes, filename: str, *, content_type: str = DOCX, sha256: str = "") -> HttpResponse:
    """A document (or, with ``content_type=XLSX``, a workbook) the browser saves as ``filename``."""
    response = HttpResponse(data, content_type=content_type)
    plain = "document" + PurePath(filename).suffix  # for clients that read no UTF-8 name
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    if sha256:
        # The frozen document's digest, for whoever must show it is the one issued.
        response.headers["X-Content-SHA256"] = sha256
        response.headers["ETag"] = f'"{sha256}"'
    return response
