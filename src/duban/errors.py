"""The one base of every refusal: input that duban cannot take, with one line saying what to do.

The CLI turns a ``Refusal`` into that line and exit status 2, the web into a 4xx page.
"""


class Refusal(Exception):
    """``str(err)`` is one line for the user: what is wrong and what to do."""
