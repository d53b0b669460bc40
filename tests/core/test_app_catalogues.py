"""Every app speaks Chinese in the admin: every word its models show is translated.

Their model and field names are English msgids; the zh-Hans catalogues live in each app's own locale/ dir
(core's, which also holds customers', is LOCALE_PATHS). A field, model or choice added without a
translation fails here instead of showing English in the UI. The catalogues are merged at run time, so a
msgid must not need two Chinese texts: one that does takes a context (pgettext).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import SimpleTestCase
from django.utils import translation

APPS = (
    "core",
    "customers",
    "orders",
    "regulations",
    "reports",
    "staff",
    "approvals",
    "aftersales",
    "managers",
    "followup",
)
CJK = re.compile(r"[\u4e00-\u9fff]")
FUWU = Path(__file__).resolve().parents[2] / "fuwu"
# Django's own msgids our catalogues give another text on purpose, for Django's pages too.
OURS_FOR_DJANGO_TOO = {
    "Log out": "退出登录",  # the admin's header says it as our pages do (Django's: 注销)
    "object id": "对象编号",  # the admin's log entries say it as the audit trail does (Django's: 对象id)
}


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


def _zh_catalogues() -> dict[Path, dict[str, str]]:
    """Every zh-Hans catalogue merged at run time: LOCALE_PATHS, each installed app's, Django's own."""
    dirs = [
        *map(Path, settings.LOCALE_PATHS),
        *(Path(config.path) / "locale" for config in apps.get_app_configs()),
    ]
    dirs.append(Path(django.__file__).parent / "conf" / "locale")
    found: dict[Path, dict[str, str]] = {}
    for directory in dirs:
        path = (directory / "zh_Hans" / "LC_MESSAGES" / "django.mo").resolve()
        if path.exists() and path not in found:
            with path.open("rb") as mo:
                catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
            found[path] = {key: text for key, text in catalog.items() if isinstance(key, str) and key}
    return found


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

    def test_a_persons_name_and_a_sites_name_are_different_words(self) -> None:
        with translation.override("zh-hans"):
            assert str(apps.get_model("core", "User")._meta.get_field("display_name").verbose_name) == "姓名"
            assert str(apps.get_model("customers", "Owner")._meta.get_field("name").verbose_name) == "姓名"
            assert str(apps.get_model("core", "Site")._meta.get_field("name").verbose_name) == "名称"

    def test_one_msgid_has_one_chinese_text_across_the_merged_catalogues(self) -> None:
        texts: dict[str, dict[str, set[str]]] = {}
        for path, catalog in _zh_catalogues().items():
            side = "ours" if path.is_relative_to(FUWU) else "theirs"
            for key, text in catalog.items():
                texts.setdefault(key, {"ours": set(), "theirs": set()})[side].add(text)
        assert len([key for key in texts if texts[key]["ours"]]) > 500  # the apps' catalogues were read
        clashes = {
            key.replace("\x04", " | "): sorted(found["ours"] | found["theirs"])
            for key, found in texts.items()
            if found["ours"]
            and len(found["ours"] | found["theirs"]) > 1
            and found["ours"] != {OURS_FOR_DJANGO_TOO.get(key)}
        }
        assert clashes == {}

    def test_the_catalogues_do_not_change_english(self) -> None:
        order = apps.get_model("orders", "Order")
        with translation.override("en"):
            assert str(order._meta.verbose_name) == "repair order"
