"""Evidence files (佐证材料): an upload in, an ``Evidence`` row out; the bytes are kept in the data
directory under their SHA-256, never in the database, so the same file is stored once. And back:
an evidence id and the reader in, the file to send out, for those who may read its task only.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePath

from django.conf import settings

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans import history
from duban.plans.models import heavy
from duban.text.office import PackageRefused, check_package
from duban.tracking.models import Evidence, ProgressReport
from duban.tracking.reports import ReportRefused


@cache
def _types() -> dict[str, dict]:
    data = tomllib.loads((resources.files("duban") / "data" / "evidence_types.toml").read_text("utf-8"))
    return data["types"]


def store_path(sha256: str) -> Path:
    return Path(settings.DATA_DIR) / "evidence" / sha256[:2] / sha256


@dataclass(frozen=True)
class Kept:
    sha256: str
    filename: str
    content_type: str
    size: int


def keep_file(filename: str, data: bytes) -> Kept:
    """Check an upload (type, size, content) and keep its bytes under their SHA-256, once."""
    kind = _check(filename, data)
    sha = hashlib.sha256(data).hexdigest()
    path = store_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)  # a crash never leaves half a file under the real name
    return Kept(sha, PurePath(filename).name[:255], kind["content_type"], len(data))


def read_upload(upload) -> bytes:
    """An uploaded file's bytes (Django's ``UploadedFile``, on disk while it is large), its size
    checked before it is read into memory."""
    check_size(upload.name, upload.size)
    return upload.read()


def attach_upload(report: ProgressReport, upload, *, user) -> Evidence:
    return attach(report, upload.name, read_upload(upload), user=user)


def attach(report: ProgressReport, filename: str, data: bytes, *, user) -> Evidence:
    if not rules.may_report(user, report.task, report.department):
        raise ReportRefused("您无权为这份报告上传材料")
    if report.locked:
        raise ReportRefused("报告已审核通过并锁定，不能再添加材料")
    kept = keep_file(filename, data)
    evidence = Evidence(
        report=report,
        sha256=kept.sha256,
        filename=kept.filename,
        content_type=kept.content_type,
        size=kept.size,
        uploaded_by=user,
    )
    return history.save(evidence, user=user, reason="上传佐证材料")


def _check(filename: str, data: bytes) -> dict:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    allowed = _types()
    if suffix not in allowed:
        raise ReportRefused(
            f"不支持 .{suffix or '（无扩展名）'} 文件：佐证材料请用 {'、'.join(sorted(allowed))}"
        )
    if not data:
        raise ReportRefused(f"“{filename}”是空文件：请重新选择")
    check_size(filename, len(data))
    kind = allowed[suffix]
    magics = [m.encode("latin-1") for m in kind["magic"]]
    if magics and not any(data.startswith(m) for m in magics):
        raise ReportRefused(f"“{filename}”的内容与扩展名 .{suffix} 不符：请上传真实的 {suffix} 文件")
    if kind.get("package"):
        try:
            check_package(data)
        except PackageRefused as err:
            raise ReportRefused(f"“{filename}”不能作为佐证材料保存：{err}") from None
    return kind


@dataclass(frozen=True)
class EvidenceFile:
    path: Path
    filename: str
    content_type: str
    inline: bool  # shown in the browser (PDF, pictures, text) rather than saved


def evidence_file(user, evidence_id: int) -> EvidenceFile:
    """The stored file of an evidence row, when ``user`` may read the task it belongs to; the
    public and other units get the same refusals as for the task itself."""
    rows = Evidence.objects.select_related("report__task__plan").defer(*heavy("report__task__plan"))
    evidence = rows.filter(pk=evidence_id, withdrawn=False).first()
    if evidence is None:
        raise NotFound("没有这份佐证材料，或它已被撤销")
    if not rules.may_read_plan(user, evidence.report.task.plan):
        raise NotFound("没有这份佐证材料，或它已被撤销")  # another government's: not there for this user
    if not rules.may_read_task(user, evidence.report.task):
        raise Forbidden("这份佐证材料所属的任务不由您的单位承担，无权查看")
    path = store_path(evidence.sha256)
    if not path.is_file():
        raise NotFound(f"佐证材料“{evidence.filename}”的文件不在数据目录中：请联系督查室从备份恢复")
    kind = _types().get(PurePath(evidence.filename).suffix.lower().lstrip("."), {})
    return EvidenceFile(path, evidence.filename, evidence.content_type, bool(kind.get("inline")))


def check_size(filename: str, size: int) -> None:
    """Refuse a file over DUBAN_EVIDENCE_MAX_MB; uploads are checked before they are read."""
    if size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        raise ReportRefused(f"“{filename}”超过 {limit} MB：请压缩或拆分后再上传")
