"""A separate process for the race test: `setup` asks for a return's approval (two general managers may
decide it), `decide ID USER` tries to approve it at the wall-clock moment given.

Run with DJANGO_SETTINGS_MODULE=fuwu.settings and the database of the race (FUWU_VAR_DIR or DATABASE_URL).
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from fuwu.approvals import services as approvals
    from fuwu.approvals.models import ApprovalRequest
    from fuwu.core.errors import Conflict
    from fuwu.core.models import Site, User
    from fuwu.core.roles import Role
    from fuwu.core.services import sites, users

    if argv[0] == "setup":
        site = sites.create_site(
            kind=Site.Kind.STORE, name="竞争门店", code="race", minimum_monthly_wage=Decimal("2690"), by=None
        )
        for name, role in (
            ("gm1", Role.GENERAL_MANAGER),
            ("gm2", Role.GENERAL_MANAGER),
            ("cm", Role.CUSTOMER_MANAGER),
        ):
            users.create_user(username=name, password="x-race-pass", display_name=name, roles=[role], by=None)
        requester = User.objects.get(username="cm")
        sites.add_member(site, requester, by=None)
        chain = approvals.request_approval(
            site=site, subject_type="race", subject_id=1, clauses="p12.15", by=requester, summary="退货",
        )  # fmt: skip
        print(chain.pk)
        return 0
    chain_id, username, at = int(argv[1]), argv[2], float(argv[3])
    by = User.objects.get(username=username)
    chain = ApprovalRequest.objects.get(pk=chain_id)
    time.sleep(max(0.0, at - time.time()))
    try:
        approvals.decide(chain, by=by, approve=True, note=username, step=1)
    except Conflict as conflict:
        print(f"conflict {conflict.message}")
        return 0
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
