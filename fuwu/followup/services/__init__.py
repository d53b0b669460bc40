"""Writes of follow-up, each in one transaction with its audit entries: calls and letters
(``calls``, ``letters``), requests raised in calls (``requests``), the next contact (``plans``),
campaigns (``campaigns``), the property services (``care``, ``occasions``) and stand-ins
(``standins``)."""
