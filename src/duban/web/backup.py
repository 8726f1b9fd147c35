"""Backup and restore: an installation (its database and the files of its data directory: evidence,
issued documents) in, one archive with a manifest of hashes out; and such an archive in, an empty
installation filled out, exactly as it was.

The archive is a tar (gzipped when its name ends in .tar.gz): ``database.sqlite3`` (SQLite's
online backup API, a consistent copy while the server runs) or ``database.pgdump`` (``pg_dump``
in its custom format, from one snapshot), ``files/…`` (every file of the data directory but the
database, caches, collected static files, parked uploads and half-written ``.part`` files), and
``manifest.json`` last: the duban version, the applied migrations, every table's row count and
every member's size and SHA-256.

The database is copied before the files: files are only ever added (evidence is kept under its
hash), so the archive holds every file its database names. Restoring checks every hash first,
refuses a database that already holds anything, puts the files in place, then the database, and
migrates it when the backup came from an older duban.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from duban import __version__
from duban.errors import Refusal
from duban.text.files import FileRefused, check_regular

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER, PG_MEMBER = "database.sqlite3", "database.pgdump"
FILES = "files"
# Under the data directory, kept elsewhere or made again: caches, collected static files, uploads
# parked for a preview, and where an operator may keep the backups themselves.
SKIPPED = {"cache", "static", "uploads", "backups"}
# The tables whose rows are an installation's data; what migrations create is not.
DATA_APPS = ("plans", "tracking", "accounts", "orders", "bulletins", "closing")
_CHUNK = 1024 * 1024
_NO_LIMIT = 1 << 60  # a backup is as large as the installation
_SAID_FIRST = {"plans.Plan": 0, "tracking.ProgressReport": 1, "auth.User": 2}
_WORK = ".duban-backup-"  # what a backup or restore writes on its way: never itself backed up


class BackupRefused(Refusal):
    """The backup or restore cannot go ahead; nothing was changed."""


@dataclass(frozen=True)
class Summary:
    path: Path
    files: int
    bytes: int
    rows: int


# --- backup ----------------------------------------------------------------------------------


def backup(out: Path) -> Summary:
    """Write the installation to the archive ``out`` (.tar or .tar.gz), atomically."""
    out = _archive_path(out)
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(prefix=_WORK, dir=out.parent) as work:
        handle, temp = tempfile.mkstemp(prefix=_WORK, dir=out.parent)
        os.close(handle)
        members: list[dict] = []
        try:
            dump, counts = _dump_database(Path(work))
            files = list(_data_files(data_dir, skip=out.resolve()))
            with tarfile.open(temp, "w:gz" if out.name.endswith(".gz") else "w") as archive:
                members.append(_add(archive, dump.name, dump))
                members += [_add(archive, f"{FILES}/{rel}", path) for rel, path in files]
                manifest = _manifest(counts, members)
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            os.replace(temp, out)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    return Summary(out, len(files), out.stat().st_size, sum(counts.values()))


def _archive_path(out: Path) -> Path:
    out = Path(out).expanduser()
    if not out.name.endswith((".tar", ".tar.gz")):
        raise BackupRefused(f"{out}：备份文件名应以 .tar 或 .tar.gz 结尾，如 duban-2024-06-30.tar.gz")
    if out.is_dir():
        raise BackupRefused(f"{out} 是一个目录：请给出备份文件的完整路径，如 {out}/duban.tar.gz")
    if not out.parent.is_dir():
        raise BackupRefused(f"目录 {out.parent} 不存在：请先创建它，或换一个备份位置")
    return out


def _dump_database(work: Path) -> tuple[Path, dict[str, int]]:
    if connection.vendor == "sqlite":
        return _dump_sqlite(work / SQLITE_MEMBER)
    if connection.vendor == "postgresql":
        return _dump_postgres(work / PG_MEMBER)
    raise BackupRefused(f"不支持备份 {connection.vendor} 数据库：duban 只备份 SQLite 和 PostgreSQL")


def _dump_sqlite(target: Path) -> tuple[Path, dict[str, int]]:
    connection.close()
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a consistent copy, however the server writes meanwhile
        tables = _tables_of(copy)
        counts = {t: copy.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        copy.close()
        source.close()
    return target, counts


def _tables_of(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows)


def _dump_postgres(target: Path) -> tuple[Path, dict[str, int]]:
    """pg_dump from a snapshot this connection holds, so the row counts describe the same state."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        _pg_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}")  # fmt: skip
    return target, counts


def _data_files(data_dir: Path, *, skip: Path) -> Iterator[tuple[str, Path]]:
    """(path in the archive, file) for each file of the data directory worth keeping."""
    database = (
        str(Path(connection.settings_dict["NAME"]).resolve()) if connection.vendor == "sqlite" else None
    )
    if not data_dir.is_dir():
        return
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir)
        if rel.parts[0] in SKIPPED or any(part.startswith(_WORK) for part in rel.parts):
            continue
        if path.is_symlink() or not path.is_file() or path.suffix == ".part" or path.resolve() == skip:
            continue
        if database and str(path.resolve()).startswith(database):  # the database and its -wal, -shm
            continue
        yield rel.as_posix(), path


class _Hashing:
    """A file read through once: what tar stores, hashed on the way."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.sha = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = path.stat().st_size, int(path.stat().st_mtime), 0o640
    with path.open("rb") as handle:
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    return {"name": name, "size": info.size, "sha256": reader.sha.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o640
    archive.addfile(info, io.BytesIO(data))


def _manifest(counts: dict[str, int], members: list[dict]) -> dict:
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "format": FORMAT,
        "duban": __version__,
        "created": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
        "rows": counts,
        "members": members,
    }


# --- restore ---------------------------------------------------------------------------------


def restore(archive_path: Path) -> Summary:
    """Fill this empty installation from ``archive_path``; refuse anything else, changing nothing."""
    archive_path = Path(archive_path).expanduser()
    data_dir = Path(settings.DATA_DIR)
    with _opened(archive_path) as archive:
        manifest = _read_manifest(archive, archive_path)
        _check_compatible(manifest)
        _require_empty()
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=_WORK, dir=data_dir) as work:
            unpacked = _unpack(archive, manifest, Path(work), archive_path)
            files = {
                m["name"]: unpacked[m["name"]] for m in manifest["members"] if m["name"].startswith(FILES)
            }
            _check_files_free(files, data_dir)
            for name, path in files.items():
                target = data_dir / PurePosixPath(name).relative_to(FILES)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            database = next(p for n, p in unpacked.items() if not n.startswith(FILES))
            _load_database(database)
    from duban.web.bootstrap import migrate_if_needed

    if not migrate_if_needed():  # a backup of this version: every table as it was
        _check_counts(manifest)
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # sessions and users kept for the old database
    return Summary(archive_path, len(files), archive_path.stat().st_size, sum(manifest["rows"].values()))


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    if path.is_dir():
        raise BackupRefused(f"{path} 是一个目录：请给出 duban backup 写出的备份文件")
    if not path.exists() and not path.is_symlink():
        raise BackupRefused(f"找不到备份文件 {path}：请检查路径")
    try:
        check_regular(path, _NO_LIMIT)  # a dangling link, a device or a pipe
    except FileRefused as err:
        raise BackupRefused(str(err)) from None
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by the ``with`` below)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupRefused(
            f"{path} 不是 duban 备份文件（无法作为 tar 归档打开）：请给出 duban backup 写出的文件"
        ) from None
    with archive:
        yield archive


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError, tarfile.TarError, OSError, EOFError):
        raise BackupRefused(
            f"{path} 没有可读的清单 {MANIFEST}：不是 duban backup 写出的备份，或已损坏"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(
            f"{path} 的格式（{manifest.get('format')!r}）不是本版 duban 能读的：请用写出它的版本恢复"
        )
    return manifest


def _check_compatible(manifest: dict) -> None:
    if manifest.get("database") != connection.vendor:
        raise BackupRefused(
            f"这是 {manifest.get('database')} 数据库的备份，当前数据库是 {connection.vendor}："
            "请把 DUBAN_DATABASE_URL 指向同类数据库后再恢复"
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes}
    newer = sorted(set(manifest.get("migrations", [])) - known)
    if newer:
        raise BackupRefused(f"备份来自较新版本的 duban（含本版没有的迁移 {newer[0]}）：请先升级 duban 再恢复")


def _require_empty() -> None:
    """A database that holds any plan, report or account is refused: a restore never merges."""
    tables = set(connection.introspection.table_names())
    models = [m for m in apps.get_models() if m._meta.app_label in DATA_APPS]
    models.append(apps.get_model("auth", "User"))
    held = [(m, m._default_manager.count()) for m in models if m._meta.db_table in tables]
    # Said by what people know: plans, reports and accounts first, no history tables.
    held = sorted(((m, n) for m, n in held if n), key=lambda pair: _SAID_FIRST.get(pair[0]._meta.label, 9))
    held = [(m, n) for m, n in held if not m._meta.model_name.startswith("historical")] or held
    if held:
        what = "、".join(f"{m._meta.verbose_name} {n} 条" for m, n in held[:3])
        raise BackupRefused(
            f"目标数据库不是空的（已有{what}）：恢复只能写入新建的空数据库，"
            "请新建一个数据库并让 DUBAN_DATABASE_URL 指向它（SQLite 则换一个 DUBAN_DATA_DIR）"
        )


def _unpack(archive: tarfile.TarFile, manifest: dict, work: Path, path: Path) -> dict[str, Path]:
    """Every member the manifest lists, written under ``work`` and checked against its hash."""
    listed = {m["name"]: m for m in manifest.get("members", [])}
    databases = [n for n in listed if n in {SQLITE_MEMBER, PG_MEMBER}]
    if len(databases) != 1 or any(not (n in databases or _safe(n)) for n in listed):
        raise BackupRefused(f"{path} 的清单不完整或含有不安全的路径：不是 duban backup 写出的备份")
    unpacked: dict[str, Path] = {}
    for member in archive:
        if member.name == MANIFEST:
            continue
        expected = listed.get(member.name)
        if expected is None or not member.isfile():
            raise BackupRefused(f"{path} 含有清单之外的 {member.name}：备份已被改动，请换一份备份")
        target = work / f"{len(unpacked):06d}"
        sha = hashlib.sha256()
        with archive.extractfile(member) as source, target.open("wb") as out:
            while chunk := source.read(_CHUNK):
                sha.update(chunk)
                out.write(chunk)
        if sha.hexdigest() != expected["sha256"] or member.size != expected["size"]:
            raise BackupRefused(f"{path} 中的 {member.name} 与清单的哈希不符：备份已损坏，请换一份备份")
        unpacked[member.name] = target
    missing = sorted(set(listed) - set(unpacked))
    if missing:
        raise BackupRefused(f"{path} 缺少清单所列的 {missing[0]}：备份不完整，请换一份备份")
    return unpacked


def _safe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return len(parts) > 1 and parts[0] == FILES and ".." not in parts and not name.startswith("/")


def _check_files_free(files: dict[str, Path], data_dir: Path) -> None:
    for name, path in files.items():
        target = data_dir / PurePosixPath(name).relative_to(FILES)
        if target.exists() and _sha256(target) != _sha256(path):
            raise BackupRefused(
                f"数据目录中已有不同的 {target.relative_to(data_dir)}："
                "恢复只能写入空的数据目录，请换一个 DUBAN_DATA_DIR"
            )


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.close()
        source, target = sqlite3.connect(dump), sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    # The tables duban's migrations made are empty (checked): they make way for the dump's.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _pg_tool("pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
             f"--dbname={connection.settings_dict['NAME']}", str(dump))  # fmt: skip


def _check_counts(manifest: dict) -> None:
    with connection.cursor() as cursor:
        for table, rows in manifest["rows"].items():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            found = cursor.fetchone()[0]
            if found != rows:
                raise BackupRefused(
                    f"恢复后表 {table} 有 {found} 行，备份时为 {rows} 行：请检查数据库后重新恢复"
                )


# --- PostgreSQL's tools ---------------------------------------------------------------------


def _pg_tool(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        raise BackupRefused(
            f"找不到 {tool}：请安装 PostgreSQL 客户端（如 apt-get install postgresql-client）"
        )
    conf = connection.settings_dict
    env = {**os.environ, "PGDATABASE": conf["NAME"]}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if conf.get(key):
            env[name] = str(conf[key])
    if conf.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = conf["OPTIONS"]["sslmode"]
    done = subprocess.run([tool, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["（无输出）"])[-1]
        raise BackupRefused(f"{tool} 失败：{said}")
