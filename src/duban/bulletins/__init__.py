"""Bulletins (督查通报): a plan and a date in; the office's periodic bulletin out, drafted from the
ledger, edited, issued under a number in its series and kept byte for byte."""
