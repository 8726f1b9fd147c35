"""A file a user names (on the command line, or an upload parked on disk): a path and a size limit
in, its bytes out, or ``FileRefused`` saying in one line what is wrong and what to do.

Symbolic links are followed, but what they lead to must be an ordinary file: a directory, a
device (``/dev/zero`` never ends), a pipe (reading it waits for ever), a dangling link or a loop
of links is refused before anything is read. Never more than the limit is read, even from a file
that grows while it is read or whose size the file system misstates.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from duban.errors import Refusal

_MB = 1024 * 1024


class FileRefused(Refusal):
    """The file cannot be read as asked; ``str(err)`` is one line for the user."""


def size_text(count: int) -> str:
    return f"{count / _MB:.1f} MB" if count >= _MB else f"{count} 字节"


def check_regular(path: Path, max_bytes: int, *, name: str | None = None, advice: str = "") -> int:
    """The size of ``path``, an ordinary file of at most ``max_bytes``; else ``FileRefused``."""
    shown = (name or str(path)).replace("\n", " ")  # printed as one line

    def refuse(problem: str, what_to_do: str) -> FileRefused:
        return FileRefused(f"{shown}：{problem}；{what_to_do}")

    try:
        info = path.stat()  # follows symbolic links
    except FileNotFoundError:
        if path.is_symlink():
            raise refuse("是指向不存在文件的符号链接", "请给出文件本身的路径") from None
        raise refuse("找不到这个文件", "请检查路径和文件名") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise refuse("符号链接指向自身（循环链接）", "请给出文件本身的路径") from None
        raise refuse(f"无法读取（{err.strerror or err}）", "请检查文件权限") from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse("这是一个目录，不是文件", "请给出文件本身的路径")
    if not stat.S_ISREG(info.st_mode):
        raise refuse("这不是普通文件（是设备、管道或套接字）", "请给出保存在磁盘上的文件")
    if info.st_size > max_bytes:
        raise refuse(
            f"文件有 {size_text(info.st_size)}，超过上限 {size_text(max_bytes)}",
            advice or "请检查是否选错了文件",
        )
    return info.st_size


def read_limited(path: Path, max_bytes: int, *, name: str | None = None, advice: str = "") -> bytes:
    """The bytes of ``path`` (see ``check_regular``); an empty file is refused too."""
    size = check_regular(path, max_bytes, name=name, advice=advice)
    shown = (name or str(path)).replace("\n", " ")
    try:
        # O_NONBLOCK: a pipe swapped in after the check must not hang the read.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(handle, "rb") as opened:
            # Its size and one byte more (to see it grow), not the limit: read(n) sets n bytes aside.
            data = opened.read(min(size, max_bytes) + 1)
    except OSError as err:
        raise FileRefused(f"{shown}：无法读取（{err.strerror or err}）；请检查文件权限") from None
    if len(data) > max_bytes:
        raise FileRefused(f"{shown}：文件超过上限 {size_text(max_bytes)}；{advice or '请检查是否选错了文件'}")
    if not data:
        raise FileRefused(f"{shown}：文件是空的（0 字节）；请检查下载或导出是否完整")
    return data
