"""Maintenance commands: ``duban backup OUT`` and ``duban restore IN``."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.base import app, storage


@app.command("backup")
def backup_command(
    out: Path = typer.Argument(..., help="The archive to write: …/duban-2024-06-30.tar.gz (or .tar)."),
) -> None:
    """Back up the database and the data directory's files (evidence, issued documents) into one
    archive with a manifest of hashes, while the server keeps running. Meant for cron."""
    with storage():
        from duban.web.backup import backup

        done = backup(out)
        size = f"{done.bytes / 1024 / 1024:.1f} MB"
        typer.echo(f"已备份：数据库 {done.rows} 行、文件 {done.files} 个 → {done.path}（{size}）")


@app.command("restore")
def restore_command(
    archive: Path = typer.Argument(..., help="An archive `duban backup` wrote."),
) -> None:
    """Restore a backup into an empty database and data directory; a database that holds
    anything is refused. Every file's hash is checked first."""
    with storage():
        from duban.web.backup import restore

        done = restore(archive)
        typer.echo(f"已恢复：数据库 {done.rows} 行、文件 {done.files} 个 ← {done.path}")
