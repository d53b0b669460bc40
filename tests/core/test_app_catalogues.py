"""The orders, regulations and reports apps speak Chinese in the admin: every word they show is translated.

Their model and field names are English msgids; the zh-Hans catalogues live in each app's own locale/ dir.
A field, model or choice added without a translation fails here instead of showing English in the UI.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase
from django.utils import translation

APPS = ("orders", "regulations", "reports")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _untranslated(label: str) -> list[str]:
    """What of the app `label` still reads without a Chinese character under zh-Hans."""
    config = apps.get_app_config(label)
    words: dict[str, object] = {f"{label} (app)": config.verbose_name}
    for model in config.get_models():
        name = model._meta.label
        words[f"{name} verbose_name"] = model._meta.verbose_name
        words[f"{name} verbose_name_plural"] = model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            # The automatic id and the reverse side of relations are Django's, not ours to name.
            if not isinstance(field, models.Field) or field.auto_created:
                continue
            words[f"{name}.{field.name}"] = field.verbose_name
            for value, choice in field.flatchoices:
                words[f"{name}.{field.name} choice {value!r}"] = choice
    with translation.override("zh-hans"):
        return [f"{where}: {str(word)!r}" for where, word in words.items() if not CJK.search(str(word))]


class AppCataloguesTests(SimpleTestCase):
    def test_every_model_field_and_choice_name_is_chinese(self) -> None:
        for label in APPS:
            with self.subTest(app=label):
                assert _untranslated(label) == []

    def test_the_names_staff_know_them_by(self) -> None:
        order = apps.get_model("orders", "Order")
        regulation = apps.get_model("regulations", "SiteRegulation")
        obligation = apps.get_model("regulations", "Obligation")
        with translation.override("zh-hans"):
            assert str(order._meta.verbose_name) == "报修工单"
            assert str(regulation._meta.verbose_name) == "站点制度"
            assert str(obligation._meta.verbose_name) == "时限记录"
            assert str(dict(order._meta.get_field("status").flatchoices)["dispatched"]) == "已派工"

    def test_the_catalogues_do_not_change_english(self) -> None:
        order = apps.get_model("orders", "Order")
        with translation.override("en"):
            assert str(order._meta.verbose_name) == "repair order"
