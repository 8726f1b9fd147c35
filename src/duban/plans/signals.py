"""Signals of the ledger: ``plan_imported(plan)`` after a report is stored as a plan or a revision of
it is applied, so later stages (the promise check) can follow without the importer knowing them."""

from django.dispatch import Signal

plan_imported = Signal()
