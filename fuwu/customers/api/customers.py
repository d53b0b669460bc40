"""Customers and their files: the list, one customer, a new one and its changes, a contact on the timeline,
the file made, the caller lookup, the files due and the Excel import — the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.pagination import PageParams, after_key, cursor_key, page_from, page_of, paginate
from fuwu.core.api.rendering import json_response
from fuwu.core.api.schemas import ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems, visible_site
from fuwu.core.errors import FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sees_full_phone_numbers
from fuwu.customers.api.rows import found_json, one_customer, summary_json
from fuwu.customers.api.schemas import (
    ContactIn,
    CustomerImportOut,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    CustomerSummaryOut,
    FileDueOut,
    FileIn,
    LookupOut,
)
from fuwu.customers.forms.files import managers_at
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import (
    CUSTOMER_READERS,
    customer_scope,
    customers_visible_to,
    may_write,
    sees_every_customer_of_their_sites,
)
from fuwu.customers.selectors.files_due import files_due
from fuwu.customers.selectors.households import household_at
from fuwu.customers.selectors.lookup import lookup
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from fuwu.customers.services.files import CONTACT_REASONS
from fuwu.customers.services.imports import ImportRefused, import_customers
from fuwu.regulations.models import Obligation

router = Router(tags=["customers"])
IMPORTERS = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER})
MAX_FILE_BYTES = 20 * 1024 * 1024


class CustomerFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    manager: ObjectId | None = Field(None, description="The customer manager's user id.")
    kind: Literal["person", "company"] | None = (
        None  # not Customer.Kind: the schema would name it Kind, as Site.Kind
    )
    filed: bool | None = Field(None, description="false: only customers whose file is not made yet.")


class LookupQuery(Schema):
    q: str = Field(
        min_length=1,
        max_length=60,
        description="A phone fragment (4 digits or more, anywhere in any of the numbers), a plate or part "
        "of it (3 characters or more), a name, or an address as written: 滨江花苑 5栋1单元1201, "
        "5栋1单元1201, 5-1-1201, 5-1201.",
    )


class FilesDueQuery(Schema):
    manager: ObjectId | None = Field(
        None, description="One manager's (supervisors and the desk; a customer manager sees their own)."
    )


def _reader(request: HttpRequest) -> User:
    user = current_user(request)
    if not (user.is_superuser or user.has_role(*CUSTOMER_READERS)):
        raise PermissionDenied(gettext("This role does not serve customers."))
    return user


def _writer(request: HttpRequest) -> User:
    user = _reader(request)
    if not may_write(user):
        raise PermissionDenied(gettext("This role may not change customers' files."))
    return user


def _one(user: User, pk: int) -> Customer:
    # Outside the user's scope: DoesNotExist, answered 404.
    return customers_visible_to(user).select_related("site", "manager", "household").get(pk=pk)


def _fresh(user: User, pk: int) -> dict[str, Any]:
    return one_customer(pk, full_phones=sees_full_phone_numbers(user))


@router.get("/customers", response=page_of(CustomerSummaryOut), summary="Customers, newest first")
def list_customers(request: HttpRequest, page: Query[PageParams], filters: Query[CustomerFilters]) -> Any:
    """A customer manager sees the customers they look after (their own, and an absent colleague's while
    standing in for them, p16.4); supervisors, the desk and return-visit agents their sites'; the general
    manager every site's."""
    user = _reader(request)
    rows = (
        customers_visible_to(user).select_related("site", "manager", "household").prefetch_related("vehicles")
    )
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.manager is not None:
        rows = rows.filter(manager_id=filters.manager)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.filed is not None:
        rows = rows.filter(filed_at__isnull=not filters.filed)
    full = sees_full_phone_numbers(user)
    result = paginate(request, rows, lambda c: summary_json(c, full_phones=full), order=("-id",), page=page)
    if not result["results"] and filters.site is not None:
        visible_site(user, filters.site)  # nothing shown: say so when the site is not one the user sees
    return json_response(result)


@router.get("/customers/lookup", response=LookupOut, summary="Find a caller: phone, plate, name or address")
def lookup_customers(request: HttpRequest, query: Query[LookupQuery]) -> Any:
    """One text, understood as a phone fragment, a plate, a name or an address as people write it; the
    customers in the caller's scope it finds (at most 20), each with their household, cars, recent
    timeline, services and purchases, and what the regulations owe for them."""
    user = _reader(request)
    found = lookup(user, query.q)
    results = found_json(found.customers, full_phones=sees_full_phone_numbers(user))
    return json_response({"kind": found.typed.kind, "results": results, "more": found.more})


FILES_DUE_ORDER = ("due", "id")


@router.get(
    "/customers/files-due", response=page_of(FileDueOut), summary="Customer files still to make (p16.b2)"
)
def list_files_due(request: HttpRequest, page: Query[PageParams], query: Query[FilesDueQuery]) -> Any:
    """The customers whose file is owed within two days of a car brought in or a consultation (p16.b2)
    and not made yet — open or already breached — the oldest due first. A customer manager sees the
    files assigned to them (a colleague's too while standing in); supervisors and the desk their sites'."""
    user = _reader(request)
    scope = customer_scope(user)
    rows = files_due(user, manager=query.manager, scope=scope)
    if page.cursor is not None:
        rows = rows.filter(after_key(FILES_DUE_ORDER, cursor_key(page.cursor, Obligation, FILES_DUE_ORDER)))
    fetched = list(rows[: page.page_size + 1])
    customers = (
        Customer.objects.select_related("site", "manager", "household")
        .prefetch_related("vehicles")
        .in_bulk([int(row.subject_id) for row in fetched[: page.page_size]])
    )
    full = sees_full_phone_numbers(user)

    def serialize(row: Obligation) -> dict[str, Any]:
        return {
            "customer": summary_json(customers[int(row.subject_id)], full_phones=full),
            "due": row.due,
            "clause": row.clause,
            "pack_version": row.pack_version,
            "because": row.because,
            "state": row.state,
            "assignee": row.assignee_id,
        }

    return json_response(page_from(request, fetched, serialize, order=FILES_DUE_ORDER, page=page))


@router.get("/customers/{int:customer_id}", response=CustomerOut, summary="One customer's file")
def get_customer(request: HttpRequest, customer_id: int) -> Any:
    """Every field of 客户档案基本资料表, the cars, services and purchases, the timeline and what the
    regulations owe for the customer."""
    user = _reader(request)
    _one(user, customer_id)
    return json_response(_fresh(user, customer_id))


def _new_problems(user: User, body: CustomerIn) -> tuple[Any, User | None, list[FieldProblem]]:
    given = body.given
    site, found = site_or_problems(user, given.site, loc=("body", "site"))
    manager: User | None = None
    wide = sees_every_customer_of_their_sites(user)
    wanted = given.manager
    if not wide and isinstance(wanted, int) and wanted != user.pk:
        found.append((("body", "manager"), gettext("Your new customers are your own.")))
    elif isinstance(wanted, int) and site is not None:
        manager = managers_at([site.pk]).filter(pk=wanted).first()
        if manager is None:
            found.append((("body", "manager"), gettext("No such customer manager at this site.")))
    elif wanted is None and not wide:
        manager = user
    if isinstance(given.name, str) and isinstance(given.phones, list):
        found += files.customer_problems(name=given.name, phones=given.phones)
    if isinstance(given.vehicles, list):
        for index, car in enumerate(given.vehicles):
            found += files.vehicle_problems(
                plate=car.plate,
                service_interval_days=car.service_interval_days,
                loc=("body", "vehicles", index),
            )
    return site, manager, found


@router.post("/customers", response={201: CustomerOut}, summary="A new customer and their file")
def create_customer(request: HttpRequest, body: CustomerIn) -> Any:
    """The customer is found by the caller lookup at once (numbers, plates, name, address). A customer
    manager's new customer is their own."""
    user = _writer(request)
    site, manager, found = _new_problems(user, body)
    body.check(found=found)
    assert site is not None
    with transaction.atomic():
        customer = services.create_customer(
            site=site,
            name=body.name,
            kind=body.kind,
            phones=body.phones,
            address=body.address,
            manager=manager,
            by=user,
            household=household_at(site, body.address),
            services_wanted=body.services_wanted,
            note=body.note,
            visited_on=body.visited_on,
        )
        for car in body.vehicles:
            files.add_vehicle(customer, by=user, **car.model_dump())
    return Status(201, _fresh(user, customer.pk))


@router.patch("/customers/{int:customer_id}", response=CustomerOut, summary="Change a customer's file")
def patch_customer(request: HttpRequest, customer_id: int, body: CustomerPatch) -> Any:
    """Only the fields sent change; `phones` replaces every number. Another manager only by supervisors
    and the general manager (403 for others)."""
    user = _writer(request)
    customer = _one(user, customer_id)
    given = body.given
    found: list[FieldProblem] = []
    manager: User | None = None
    if isinstance(given.manager, int) and given.manager != customer.manager_id:
        if not sees_every_customer_of_their_sites(user):
            raise PermissionDenied(gettext("Only a supervisor gives a customer another manager."))
        manager = managers_at([customer.site_id]).filter(pk=given.manager).first()
        if manager is None:
            found.append((("body", "manager"), gettext("No such customer manager at this site.")))
    if isinstance(given.name, str):
        found += files.customer_problems(name=given.name, phones=())
    if isinstance(given.phones, list):
        found += files.phone_problems(given.phones, ("body", "phones"))
    body.check(found=found)
    changes = {
        name: getattr(body, name)
        for name in ("kind", "name", "address", "services_wanted", "note", "visited_on")
        if name in body.model_fields_set and getattr(body, name) is not None
    }
    if "visited_on" in body.model_fields_set and body.visited_on is None:
        changes["visited_on"] = None
    if "address" in changes:
        changes["household"] = household_at(customer.site, changes["address"]) or customer.household
    with transaction.atomic():
        if changes:
            files.update_customer(customer, by=user, **changes)
        if body.phones is not None:
            files.set_phones(customer, body.phones, by=user)
        if manager is not None:
            services.assign_manager(customer, manager, by=user)
    return json_response(_fresh(user, customer.pk))


@router.post(
    "/customers/{int:customer_id}/contacts",
    response={201: CustomerOut},
    summary="A car brought in or collected, or a consultation",
)
def record_contact(request: HttpRequest, customer_id: int, body: ContactIn) -> Any:
    """The contact joins the customer's timeline and what the regulations owe follows at once: a car
    brought in or a consultation owes the file within 2 days (p16.b2), a car collected or a consultation
    opens the first call's window (p16.b4). Answers the customer with its obligations."""
    user = _writer(request)
    customer = _one(user, customer_id)
    body.check(
        lambda given: files.contact_problems(
            reason=given.reason if isinstance(given.reason, str) else CONTACT_REASONS[0],
            at=given.at if isinstance(given.at, dt.datetime) else None,
        )
    )
    files.record_contact(customer, reason=body.reason, at=body.at, note=body.note, by=user)
    return Status(201, _fresh(user, customer.pk))


@router.post("/customers/{int:customer_id}/file", response=CustomerOut, summary="The file is made (p16.b2)")
def make_file(request: HttpRequest, customer_id: int, body: FileIn) -> Any:
    """Meets p16.b2's deadline. 422 names what the file still lacks (its phone, its address); 409 when it
    was made already."""
    user = _writer(request)
    customer = _one(user, customer_id)
    files.make_file(customer, by=user)
    return json_response(_fresh(user, customer.pk))


@router.post(
    "/customers/imports", response={201: CustomerImportOut}, summary="Import an existing customer list"
)
def create_import(request: HttpRequest, file: File[UploadedFile], site: Form[str]) -> HttpResponse:
    """An .xlsx list with a header row of 客户档案基本资料表's column names in any order (客户名称 required;
    电话, 地址, 车号, 车型, 车种, 送修或来访日期, 维修养护项目, 保养周期, 下一次保养期, 客户希望得到的服务,
    客户经理(工号或用户名), 备注 …). A file with any problem imports nothing: 422 names every one
    (`["file", "row 12", "电话"]`). Rows with the same name and number are one customer with several cars."""
    user = current_user(request)
    if not (user.is_superuser or user.has_role(*IMPORTERS)):
        raise PermissionDenied(gettext("This role may not import customer lists."))
    chosen = visible_site(user, site, loc=("body", "site"))
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise Invalid.field(("file",), gettext("The file is larger than 20 MB."))
    try:
        done = import_customers(site=chosen, data=file.read(), by=user)
    except ImportRefused as refused:
        raise Invalid([(problem.loc, problem.message) for problem in refused.problems]) from refused
    answer = {
        "customers": done.customers,
        "vehicles": done.vehicles,
        "services": done.services,
        "ignored_columns": done.ignored,
    }
    return json_response(answer, status=201)
