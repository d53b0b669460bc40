"""The company's roles. Each is a Django group whose name is the Chinese title used in the regulations."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    GENERAL_MANAGER = "general_manager"
    SUPERVISOR = "supervisor"
    DISPATCHER = "dispatcher"
    TECHNICIAN = "technician"
    VISITOR_AGENT = "visitor_agent"
    CUSTOMER_MANAGER = "customer_manager"
    HR_FINANCE = "hr_finance"
    GUARD = "guard"
    EMPLOYEE = "employee"

    @property
    def group_name(self) -> str:
        """The Django group's name: the Chinese title, which is stable data, not a UI string."""
        return GROUP_NAMES[self]

    @property
    def label(self) -> Promise:
        return LABELS[self]


GROUP_NAMES: dict[Role, str] = {
    Role.GENERAL_MANAGER: "总经理",
    Role.SUPERVISOR: "部门主管",
    Role.DISPATCHER: "客服/调度",
    Role.TECHNICIAN: "维修工",
    Role.VISITOR_AGENT: "回访员",
    Role.CUSTOMER_MANAGER: "客户经理",
    Role.HR_FINANCE: "人事/财务",
    Role.GUARD: "值班/保安",
    Role.EMPLOYEE: "员工",
}

LABELS: dict[Role, Promise] = {
    Role.GENERAL_MANAGER: _("General manager"),
    Role.SUPERVISOR: _("Department supervisor"),
    Role.DISPATCHER: _("Customer service / dispatcher"),
    Role.TECHNICIAN: _("Technician"),
    Role.VISITOR_AGENT: _("Return-visit agent"),
    Role.CUSTOMER_MANAGER: _("Customer manager"),
    Role.HR_FINANCE: _("HR / finance"),
    Role.GUARD: _("Duty officer / guard"),
    Role.EMPLOYEE: _("Employee"),
}

BY_GROUP_NAME: dict[str, Role] = {name: role for role, name in GROUP_NAMES.items()}

# Roles that call customers and staff back, so they see phone numbers unmasked.
FULL_PHONE_ROLES: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT, Role.CUSTOMER_MANAGER}
)

# Roles that see every site, not only the sites they belong to.
ALL_SITES_ROLES: frozenset[Role] = frozenset({Role.GENERAL_MANAGER})
