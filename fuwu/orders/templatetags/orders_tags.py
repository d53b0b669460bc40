"""The words of the orders app's codes (statuses, tags, channels, scores …) for templates, in the
request's language (see ``fuwu.orders.labels``)."""

from __future__ import annotations

from django import template

from fuwu.orders import labels

register = template.Library()


@register.filter
def status_word(code: str) -> str:
    return labels.STATUS.get(code, code)


@register.filter
def tag_word(code: str) -> str:
    return labels.TAGS.get(code, code)


@register.filter
def visit_channel_word(code: str) -> str:
    return labels.VISIT_CHANNELS.get(code, code or "—")


@register.filter
def score_word(score: int | None) -> str:
    return labels.SCORES.get(score or 0, "")


@register.filter
def checklist_word(key: str) -> str:
    return labels.CHECKLIST.get(key, key)
