"""WSGI entry: the production server (gunicorn) loads ``application`` from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
application = get_wsgi_application()
