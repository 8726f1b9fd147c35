"""Workbooks in and out of the web: an uploaded file in, kept under its SHA-256 in the data
directory until its preview is confirmed (the confirming form sends the hash back), so a workbook
is applied only after the office (or the unit) has seen what it would change; and a workbook out
as a download under its Chinese name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from duban.errors import Refusal

MAX_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def download(data: bytes, filename: str) -> HttpResponse:
    """An .xlsx the browser saves under ``filename``."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
