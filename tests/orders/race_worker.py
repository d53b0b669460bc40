"""A separate process for the race test: `setup` makes a completed order, `close ID USER` tries to close it.

Run with DJANGO_SETTINGS_MODULE=fuwu.settings and the database of the race (FUWU_VAR_DIR or DATABASE_URL).
`close` waits until the wall-clock moment given, so two processes hit the order at the same instant.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.utils import timezone

    from fuwu.core.errors import Conflict
    from fuwu.core.models import Site, User
    from fuwu.core.roles import Role
    from fuwu.core.services import sites, users
    from fuwu.orders.models import Order
    from fuwu.orders.services import orders

    if argv[0] == "setup":
        site = sites.create_site(
            kind=Site.Kind.COMMUNITY,
            name="竞争小区",
            code="race",
            minimum_monthly_wage=Decimal("2690"),
            by=None,
        )
        people = {}
        for name, role in (("d1", Role.DISPATCHER), ("d2", Role.SUPERVISOR), ("t1", Role.TECHNICIAN)):
            people[name] = users.create_user(
                username=name, password="x-race-pass", display_name=name, roles=[role], by=None
            )
            sites.add_member(site, people[name], by=None)
        start = timezone.now() - dt.timedelta(hours=2)
        order = orders.create_order(
            site=site,
            by=people["d1"],
            description="门锁坏了",
            channel="phone",
            location="1栋",
            received_at=start,
        )
        order = orders.dispatch(order, technician=people["t1"], by=people["d1"], at=start)
        order = orders.arrive(order, by=people["t1"], at=start + dt.timedelta(minutes=10), checklist={})
        order = orders.complete(order, by=people["t1"], at=start + dt.timedelta(minutes=30))
        print(order.pk)
        return 0
    order_id, username, at = int(argv[1]), argv[2], float(argv[3])
    by = User.objects.get(username=username)
    order = Order.objects.get(pk=order_id)
    time.sleep(max(0.0, at - time.time()))
    try:
        orders.close(order, by=by)
    except Conflict as conflict:
        print(f"conflict {conflict.message}")
        return 0
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
