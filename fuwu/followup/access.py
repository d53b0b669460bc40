"""Who may do what in follow-up: the role sets the menu, the pages and the API share."""

from __future__ import annotations

from fuwu.core.roles import Role

# Those who follow customers up: their managers, the return-visit agents who call (p16.b5 names the
# 回访员), customer service who take the incoming calls, and those who supervise them.
FOLLOWUP_ROLES: frozenset[Role] = frozenset(
    {
        Role.GENERAL_MANAGER,
        Role.SUPERVISOR,
        Role.DISPATCHER,
        Role.CUSTOMER_MANAGER,
        Role.VISITOR_AGENT,
    }
)
# Those who appoint a stand-in (p16.4: 由主管临时指派), hear of escalated requests (p16.b4: 报告业务主管),
# decide campaigns and record a site's occasions.
SUPERVISING_ROLES: frozenset[Role] = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR})
# Those who see every customer of their sites, not only the ones they look after.
SITE_WIDE_ROLES: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT}
)
