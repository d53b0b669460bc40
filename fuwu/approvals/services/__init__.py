"""Approval chains: every write of the approvals app. THE INTERFACE OTHER APPS USE (kept stable).

A subject of another app (an order, a return …) that the regulations say needs approval gets a chain:

    from fuwu.approvals import services as approvals

    chain = approvals.request_approval(
        site=site, subject_type="return", subject_id=row.pk, clauses=("p12.15", "p14.3.4.7"),
        by=user, summary="退货 R-0012 张三 空调", url=reverse("aftersales:return", args=[row.pk]),
        amount=Decimal("6200.00"), reason="…",
    )
    approvals.decide(chain, by=gm, approve=True, note="…")            # each step in turn
    approvals.cancel(chain, by=user, reason="…", by_subject=True)      # the subject went away

Who approves comes only from the packs in force at ``site`` on the request's local day
(``fuwu.regulations.approvals``): each clause's rule gives one step, decided by its role — or, when the
rule has an amount limit (p14.3.4.7's ``office_meeting_above``) and ``amount`` is above it (strictly), by
its escalation role (the general manager's office meeting). Consecutive steps of the same role are one
step answering several clauses: a return below the limit under ("p12.15", "p14.3.4.7") is one general
manager's step; above it, the general manager (p12.15) and then the office meeting (p14.3.4.7).
A rule with a limit needs ``amount`` (422 naming it). The request keeps what the packs said (clause, pack
version, action, the clause's text, ``unapproved`` — the first clause's: p12.15's ``costs_to_customer``).

Guarantees:

- ``request_approval`` → ``ApprovalRequest`` (state ``pending``, first step ``pending``, the others
  ``waiting``); ``Conflict`` when a clause has no approval rule in force at the site, names the customer's
  consent (p10.3.4: no staff step), or the subject already has a pending request. The first step's
  approvers and their delegates are told through the outbox.
- ``decide(request, by=, approve=, note=, step=)`` decides the pending step. ``step`` (its position, as
  the decider saw it) guards against deciding a later step by a double click: a step already decided →
  ``Conflict`` (409). The request is locked, so of two deciders at once one decides and the other gets
  the 409. ``PermissionDenied`` unless ``by`` holds the step's role at the request's site (the general
  managers for the company-wide roles) or is the delegate, in force now, of someone who does — then the
  step records ``on_behalf_of``. The requester never decides their own request (not even as a delegate).
  The office meeting's step is recorded by a general manager and needs the meeting's note (422). Approve:
  the next step becomes pending (its approvers told) or, at the last step, the request is ``approved``.
  Reject: the request is ``rejected`` and the later steps ``skipped``.
- ``cancel`` withdraws a pending request (the requester, a general manager, or — ``by_subject=True`` —
  the subject's own app, which checks who may). ``Conflict`` when it is no longer pending.
- Outcome to the subject's app, without signals: the app registers ONE handler for its subject type
  in its ``AppConfig.ready()`` (``register_handler("return", on_outcome)``). When a request reaches
  ``approved`` or ``rejected`` (and when cancelled through this app rather than by the subject's own
  app), ``decide``/``cancel`` call ``handler(request, by)`` exactly once, inside the same transaction,
  after the request is saved: an exception there rolls the decision back. A subject type without a
  handler simply reads ``request.state`` (``selectors.request_for``).
- Reads for the subject's app (``fuwu.approvals.selectors``): ``request_for(subject_type, id)`` (the
  latest request), ``requests_for(subject_type, ids)`` (a page of subjects, one query), ``may_decide(request,
  user)``; on the request: ``state``, ``costs_to_customer`` (rejected or withdrawn under p12.15's
  ``costs_to_customer``), ``outcome_note()`` (the last decider's note or the withdrawal's reason),
  ``last_decision()``; the request's page is ``reverse("approvals:request", args=[request.pk])``.
- Every write is audited (``approval.request``, ``approval.step.approve``/``reject``/``open``/``skip``,
  ``approval.approved``/``rejected``/``cancelled``, ``approval.delegate``, ``approval.delegation.end``);
  the requester is told when the request is decided.
- ``delegate`` hands an approver's approvals to a colleague for a period (one delegation of an approver
  at a time; the approver themselves, or a general manager, makes it); ``end_delegation`` ends it early.
  A delegate cannot hand on what they hold by delegation.
"""

from fuwu.approvals.services.chains import (
    Handler,
    cancel,
    decide,
    decide_problems,
    local_day,
    may_cancel,
    register_handler,
    request_approval,
    rules_for,
)
from fuwu.approvals.services.delegations import delegate, delegate_problems, end_delegation

__all__ = [
    "Handler",
    "cancel",
    "decide",
    "decide_problems",
    "delegate",
    "delegate_problems",
    "end_delegation",
    "local_day",
    "may_cancel",
    "register_handler",
    "request_approval",
    "rules_for",
]
