"""duban (督办): a government work report in, a tracked plan out.

Stages, one folder each: ``text`` (file -> decoded and repaired text), ``extract``
(text -> outline, quantities, indicators, tasks), then the Django apps.
"""

__version__ = "0.1.0"
