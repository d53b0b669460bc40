"""loader and facts were split by subject; code outside the package still imports every name they offered."""

from __future__ import annotations

import importlib

import pytest

from fuwu.policy import composition, fact_types, facts, loader, reader, registry

OFFERED = {
    "fuwu.policy.loader": {
        "M",
        "PathLike",
        "Registry",
        "claimants",
        "compose",
        "format_path",
        "is_profile_text",
        "load_pack",
        "load_policy",
        "load_profile",
        "parse_pack",
        "parse_profile",
        "read_text",
        "shipped_pack_files",
        "shipped_profile",
        "shipped_registry",
    },
    "fuwu.policy.facts": {
        "Attendance",
        "BatchDelivered",
        "BatchReceived",
        "CENT",
        "Campaign",
        "CustomerContact",
        "Employee",
        "Event",
        "Facts",
        "FollowUpCall",
        "Incident",
        "InputError",
        "Leave",
        "MoveIn",
        "OrderArrived",
        "OrderCompleted",
        "OrderCreated",
        "PAID_DAYS_A_MONTH",
        "Period",
        "ReturnVisit",
        "SUBJECT_FIELD",
        "StorageDeposit",
        "Visitor",
        "parse_facts",
    },
}


@pytest.mark.parametrize("module_name", sorted(OFFERED))
def test_the_old_module_offers_every_name_it_did(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == OFFERED[module_name]
    assert all(hasattr(module, name) for name in module.__all__)


def test_the_old_names_are_the_objects_of_their_new_homes() -> None:
    # One cache of the shipped packs, one class per fact: a caller of the old path shares them.
    assert loader.shipped_registry is registry.shipped_registry
    assert loader.Registry is registry.Registry
    assert loader.compose is composition.compose
    assert loader.load_profile is reader.load_profile
    assert facts.Attendance is fact_types.Attendance
    assert facts.Facts is fact_types.Facts
