"""The Jinja2 environment for the few hot lists that render many rows (decision 0016).

The pages themselves are Django templates; a list's body (its filters and rows) may be a Jinja2
template under ``<app>/jinja2/``, rendered about seven times faster than the same Django template. Its
words go through Django's gettext as ``{{ _("…") }}``, so one catalogue serves both engines.

``makemessages -e html,txt,py,jinja`` reads a ``.jinja`` file as it reads a Django template (Django's
``templatize``), which extracts ``_("…")`` only as a whole ``{{ … }}``: write each word as a bare
``{{ _("Text") }}`` (no arguments, filters or ``{{-``), and give a sentence with values to the template
already formatted by the view (``gettext("Updated at %(time)s") % …``). Newstyle gettext formats every
``_()`` with ``%``, so a literal percent sign is ``%%``. ``tests/orders/test_pages_english.py`` checks it.
"""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update(url=reverse, static=static)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env
