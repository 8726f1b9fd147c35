"""Closing the year (兑现核查): a stored plan and the stored plan of the next year in; the promise
check stored against the plan's targets and tasks (stable ids), the office's overrides with their
history, the ledger's year-end figures beside the report's, and the drafted review section out.

The matching itself is the plain library ``duban.promises``; this app stores and serves it.
"""
