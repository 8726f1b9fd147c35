"""The one base of every refusal: input that duban cannot take, with one line saying what to do.

The CLI turns a ``Refusal`` into that line and exit status 2, the web into a 4xx page whose
status the refusal's class carries.
"""


class Refusal(Exception):
    """``str(err)`` is one line for the user: what is wrong and what to do."""

    status = 400


class NotFound(Refusal):
    """No such thing, or not visible to this user."""

    status = 404


class Forbidden(Refusal):
    """Signed in, but not allowed to do or see this."""

    status = 403


class Conflict(Refusal):
    """Someone else changed it first; nothing was overwritten."""

    status = 409
