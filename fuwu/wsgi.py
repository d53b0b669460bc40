"""WSGI entry point for gunicorn (`fuwu serve` and production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuwu.settings")

application = get_wsgi_application()
