"""Demo data by app: core builds the company (sites, staff, administrator); each app adds its own part.

Core imports no app, so `fuwu demo` does not know what the apps hold. Instead each app registers a
*loader* from its ``AppConfig.ready()``, and the command runs every registered loader, dependencies
first, inside its one transaction, after core has created the sites and the people::

    # fuwu/orders/apps.py
    class OrdersConfig(AppConfig):
        ...

        def ready(self) -> None:
            # imports fuwu.core.demo and the app's own demo module (fuwu.orders.demo) here, then:
            demo.register("orders", orders_demo.load, after=("customers",))

    # fuwu/orders/demo.py
    def load(context: DemoContext) -> str:
        site = context.site_by_code["jinxiu"]
        technician = context.people["tech1"]
        ...  # create what is missing, through the app's services, by context.admin
        return f"{created} orders"  # one line, printed by `fuwu demo`

A loader must be idempotent (a second `fuwu demo` creates nothing: look up before creating), must
write through its app's services, and must not derive anything from randomness or the clock beyond
"today" (so two machines get the same company). ``after`` names the loaders whose rows this one
needs (orders need customers' households); a loader may use ``context.stdout`` for progress on long
loads. The command prints each loader's summary once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from fuwu.core.models import Site, User


class Writer(Protocol):
    """Where a loader may report progress: the command's stdout (or any text stream in tests)."""

    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class DemoContext:
    """What core's part of the demo made, for the apps' loaders to build on."""

    site_by_code: dict[str, Site]
    admin: User
    # Every demo staff member, by username (the administrator is `admin`, not in here).
    people: dict[str, User]
    stdout: Writer


Loader = Callable[[DemoContext], str]


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Loader
    after: tuple[str, ...] = ()


# Registration order (that of INSTALLED_APPS) breaks ties, so the run order is the same every time.
_LOADERS: dict[str, DemoLoader] = {}


def register(name: str, loader: Loader, *, after: tuple[str, ...] = ()) -> None:
    """Add an app's loader, to run after the loaders named in ``after``.

    Registering the same loader again under its name changes nothing (``ready()`` may run more than
    once); a different loader under a taken name is a configuration error.
    """
    entry = DemoLoader(name, loader, tuple(after))
    existing = _LOADERS.get(name)
    if existing is not None and existing != entry:
        raise ImproperlyConfigured(f"demo loader {name!r} is already registered as {existing.load!r}")
    _LOADERS[name] = entry


def loaders() -> list[DemoLoader]:
    """Every registered loader, each after all it depends on.

    Raises ImproperlyConfigured when a loader waits for one nobody registered (is that app in
    INSTALLED_APPS?) or when loaders wait for each other in a circle.
    """
    for entry in _LOADERS.values():
        missing = [name for name in entry.after if name not in _LOADERS]
        if missing:
            raise ImproperlyConfigured(
                f"demo loader {entry.name!r} runs after {missing}, which no installed app registers"
            )
    ordered: list[DemoLoader] = []
    done: set[str] = set()
    waiting = list(_LOADERS.values())
    while waiting:
        ready = next((e for e in waiting if done.issuperset(e.after)), None)
        if ready is None:
            names = ", ".join(f"{e.name} (after {', '.join(e.after)})" for e in waiting)
            raise ImproperlyConfigured(f"demo loaders wait for each other: {names}")
        ordered.append(ready)
        done.add(ready.name)
        waiting.remove(ready)
    return ordered
