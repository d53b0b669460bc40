"""REST API plumbing shared by every app's router; imports no app.

- base.FuwuAPI: the NinjaAPI with Fuwu's auth, error shapes, JSON and idempotent POSTs.
- auth: Bearer tokens and sessions; `current_user(request)` inside an operation.
- errors: the contract's 401/403/404/409/422 bodies (services raise fuwu.core.errors.Conflict/Invalid).
- pagination: `paginate(...)`, `PageParams`, `page_of(...)`.
- idempotency: Idempotency-Key on every POST (applied by FuwuAPI).
- formats: `local_iso`, `money`, `rate`.
"""
