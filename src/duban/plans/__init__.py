"""Plan ledger (分工方案): an extraction in, a stored plan of tasks, targets and departments out.

Imports a report into tasks and targets, suggests lead and supporting units, and round-trips
the responsibility table (分工表) through Excel.
"""
