"""The README cannot fall behind: every command of ``duban`` and every page address is in it, and
its first two commands are the ones that set up and run the app and the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from duban.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(typer_app: typer.Typer, prefix: str = "duban") -> list[str]:
    found = []
    for command in typer_app.registered_commands:
        found.append(f"{prefix} {command.name or command.callback.__name__.replace('_', '-')}")
    for group in typer_app.registered_groups:
        found.extend(_commands(group.typer_instance, f"{prefix} {group.name}"))
    return found


@pytest.mark.parametrize("command", _commands(app))
def test_every_command_is_documented(command: str):
    assert f"`{command}" in README, f"{command} is missing from the README's command table"


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/ledger/",
        "/ledger/export.xlsx",
        "/deadlines/",
        "/leaders/",
        "/tasks/",
        "/inbox/",
        "/plans/<id>/sheets/",
        "/evidence/",
        "/review/",
        "/notifications/",
        "/accounts/",
        "/public/",
        "/api/docs",
    ],
)
def test_every_page_is_documented(address: str):
    assert f"`{address}" in README


def test_the_readme_starts_with_the_two_commands():
    block = README.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in block] == ["bash scripts/demo", "bash scripts/test"]
