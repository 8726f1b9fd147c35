"""What a database must look like after anything, a crash included: its constraints hold, and every
row agrees with its latest history entry (and every history entry with a row); and what it holds,
as a fingerprint that two databases share when they hold the same things.

The fingerprint names rows by their natural keys (a task by its plan and stable id, a report by
its task, period and unit), never by primary keys: PostgreSQL's sequences do not roll back, so a
killed command and its re-run give other ids to the same rows. Times of day are left out too.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.db import connection, models

APPS = ("plans", "tracking", "accounts", "orders", "bulletins", "closing")
# Columns written on purpose without a history entry, so the latest entry may disagree with them.
WITHOUT_HISTORY = {
    ("plans.plan", "next_task_number"),  # a counter no page shows (plans.importing.next_task_ids)
}
# Cache keys and secrets, not content: they differ between two runs that store the same things.
_IDS = {"id", "history_id"}  # primary keys, and a history row's copy of its row's one
VOLATILE = {("plans.plan", "revision"), ("auth.user", "password"), ("accounts.apitoken", "digest")}


# Derived tables, rebuilt from the others at will (``tracking.stored``: the stored statuses and their
# stamp, for a day and a revision): they hold no content of their own and keep no history, and a
# killed command's re-run may leave them for another revision than a clean run does.
DERIVED = {"tracking.storedstatus", "tracking.statusstamp"}


def _models() -> list[type[models.Model]]:
    chosen = [
        m for m in apps.get_models() if m._meta.app_label in APPS and m._meta.label_lower not in DERIVED
    ]
    return [*chosen, apps.get_model("auth", "User")]


def _kept(model: type[models.Model], field: models.Field) -> bool:
    label = model._meta.label_lower
    if field.primary_key or isinstance(field, models.DateTimeField):
        return False
    return (label, field.attname) not in VOLATILE and (label, field.name) not in VOLATILE


class _Keys:
    """Primary key → natural key, per model, read once."""

    def __init__(self) -> None:
        self.maps: dict[type[models.Model], dict] = {}

    def of(self, model: type[models.Model], pk) -> object:
        model = model._meta.concrete_model
        if model not in self.maps:
            self.maps[model] = {}  # a self-reference (a section's parent) reads the key fields only
            self.maps[model] = self._read(model)
        return self.maps[model].get(pk, ("gone", pk))

    def _read(self, model: type[models.Model]) -> dict:
        names = _natural(model)
        fields = [model._meta.get_field(n) for n in names]
        found = {}
        for pk, *values in model._default_manager.values_list("pk", *[f.attname for f in fields]):
            found[pk] = tuple(self.value(f, v) for f, v in zip(fields, values, strict=True))
        return found

    def value(self, field: models.Field, value) -> object:
        if isinstance(field, models.ForeignKey) and value is not None:  # a one-to-one too
            related = field.related_model
            if related is field.model:  # a parent in the same table: its own key, one level
                return ("self", value)
            return self.of(related, value)
        return value


def _natural(model: type[models.Model]) -> list[str]:
    meta = model._meta
    for constraint in meta.total_unique_constraints:
        return list(constraint.fields)
    unique = [f.name for f in meta.concrete_fields if f.unique and not f.primary_key]
    if unique:
        return unique[:1]
    # a history row's id is its row's primary key, another on a re-run (a m2m history links to it)
    return [f.name for f in meta.concrete_fields if _kept(model, f) and f.name not in _IDS]


def fingerprint() -> dict[str, list[tuple]]:
    """Every table of duban (and its history, and the users) as sorted rows of natural values."""
    keys = _Keys()
    out: dict[str, list[tuple]] = {}
    for model in _models():
        history = getattr(model, "history", None)
        # a field of its own named history (a link to a history row) is no simple_history manager
        recorded = [history.model] if hasattr(history, "model") else []
        for table in [model, *recorded]:
            fields = [f for f in table._meta.concrete_fields if _kept(table, f) and f.name not in _IDS]
            rows = table._default_manager.values_list(*[f.attname for f in fields])
            out[table._meta.label_lower] = sorted(
                (tuple(keys.value(f, v) for f, v in zip(fields, row, strict=True)) for row in rows), key=repr
            )
    return out


def problems() -> list[str]:
    """What is wrong with the database: broken constraints, rows and history that disagree."""
    found: list[str] = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            checked = cursor.execute("PRAGMA integrity_check").fetchone()[0]
        if checked != "ok":
            found.append(f"SQLite integrity_check: {checked}")
    try:
        connection.check_constraints()  # SQLite: foreign keys; PostgreSQL enforces them always
    except Exception as err:
        found.append(f"constraints: {err}")
    for model in _models():
        if hasattr(getattr(model, "history", None), "model"):
            found += _history_problems(model)
    return found


def _history_problems(model: type[models.Model]) -> list[str]:
    label = model._meta.label_lower
    history = model.history.model
    compared = [
        f.attname
        for f in history._meta.concrete_fields
        if not f.name.startswith("history_")
        and f.attname != "id"
        and (label, f.attname) not in WITHOUT_HISTORY
        and (label, f.name) not in WITHOUT_HISTORY
    ]
    latest: dict = {}
    for entry in history.objects.order_by("history_id").values("id", "history_type", *compared):
        latest[entry["id"]] = entry  # the last one per row wins
    rows = {row["id"]: row for row in model._default_manager.values("id", *compared)}
    found = []
    for pk, row in rows.items():
        entry = latest.get(pk)
        if entry is None:
            found.append(f"{label} {pk}: a row without history")
            continue
        differs = [name for name in compared if entry[name] != row[name]]
        if entry["history_type"] == "-" or differs:
            found.append(f"{label} {pk}: its latest history entry differs in {differs or 'type'}")
    for pk, entry in latest.items():
        if pk not in rows and entry["history_type"] != "-":
            found.append(f"{label} {pk}: history of a row that is not there")
    return found


def summary(prints: dict[str, list[tuple]]) -> dict[str, int]:
    """Rows per table, to say briefly how two fingerprints differ."""
    return {table: len(rows) for table, rows in prints.items() if rows}


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ: (rows in a, rows in b)."""
    tables = defaultdict(lambda: ([], []))
    for name, rows in a.items():
        tables[name][0].extend(rows)
    for name, rows in b.items():
        tables[name][1].extend(rows)
    return {name: (len(x), len(y)) for name, (x, y) in tables.items() if x != y}
