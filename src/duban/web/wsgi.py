"""WSGI entry: the production server (gunicorn) loads ``application`` from here.

Once the app is loaded, its modules, URL patterns and language data are frozen out of
the cycle collector's sight (``gc.freeze``): they live as long as the worker and can never be
garbage, yet every full collection walked all of them, 100,000 objects and more, 50–85 ms
measured, in the middle of whichever request happened to allocate at that moment.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
application = get_wsgi_application()


def _load_for_good() -> None:
    """What the first requests would load anyway, loaded before the freeze."""
    from django.urls import get_resolver

    from duban import lexicon

    get_resolver().url_patterns  # noqa: B018 — imports every view module
    lexicon.load()


_load_for_good()
gc.collect()  # what loading left as garbage goes now, not into the frozen generation
gc.freeze()
