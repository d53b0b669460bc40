"""WSGI entry point for gunicorn (`fuwu serve` and production)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuwu.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules and settings) lives as long as the process: move
# it out of the collector's generations, so a collection no longer walks it again and again (a full one
# stopped a board request for 80 ms), and forked workers keep sharing its memory pages.
gc.freeze()
