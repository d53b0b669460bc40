"""What a caller may type to find a customer, as the lookup index stores it; no database.

A customer is found by any of their phone numbers (a fragment of four digits or more, anywhere in the
number), a plate (a fragment of three characters or more), their name (from its first character, or any
two characters in it) and their address written the way people write it: ``滨江花苑 5栋1单元1201``,
``5栋1单元1201``, ``5-1-1201``, ``5-1201``, ``5幢1201室``. Each of these becomes keys of the form
``(gram, key)``: the index is searched by *equality* on the short ``gram`` — a fragment's first characters —
and the rows it finds are narrowed by ``key LIKE 'fragment%'`` read from the same index, so a search never
scans the table and needs no collation that orders Chinese text bytewise (decision 0036).

A fragment anywhere in a number is the beginning of one of the number's suffixes, so every suffix long
enough to be typed is stored: 8 keys for a mobile number, 5 for a plate, 2–3 for a name, 2–4 for an address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# One letter in front of every key says what it is, so a phone fragment never matches a plate.
PHONE, PLATE, NAME, NAME_PART, ADDRESS, PLACE = "p", "v", "n", "m", "a", "c"

MIN_PHONE_DIGITS = 4
MIN_PLATE_CHARS = 3
MAX_KEY = 120
MAX_GRAM = 40
# How many characters after the kind letter make the gram: the shortest fragment that may be typed.
GRAM_CHARS = {PHONE: MIN_PHONE_DIGITS, PLATE: MIN_PLATE_CHARS, NAME: 1, NAME_PART: 2, PLACE: 2}

_SPACE = re.compile(r"\s+")
_NOT_DIGITS = re.compile(r"\D")
_PLATE_NOISE = re.compile(r"[\s·•・.\-_]+")
# Building, unit and room at the end of an address as written: 5栋1单元1201, 5幢1201室, 5号楼1单元1201,
# 5-1-1201, 5-1201, 5#1-1201. A building has at most 3 digits (and a letter), a unit 2, a room 2–4: a
# phone number written with dashes (138-0013-8000) is not an address.
_ADDRESS = re.compile(
    r"^(?P<place>(?:.*[^\d\-#])?)(?P<building>\d{1,3}[A-Z]?)(?:栋|幢|号楼|座|楼|#|-)"
    r"(?:(?P<unit>\d{1,2})(?:单元|-))?(?P<room>\d{2,4})(?:室|号)?$"
)
# Words a community's name may carry or not (滨江花苑小区 = 滨江花苑).
_PLACE_SUFFIXES = ("小区", "社区")
# The provinces' one-character abbreviations that begin a Chinese plate, and the plates of special use.
PROVINCES = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领警学挂港澳")
_PLATE = re.compile(r"^[A-Z0-9\u4e00-\u9fff]+$")


def folded(text: str) -> str:
    """Text as compared: full-width forms folded (１２０１ = 1201, Ａ = A), spaces dropped, upper case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).upper()


def phone_digits(number: str) -> str:
    """A number as searches compare it: its digits only (138-0013 8000 → 13800138000)."""
    return _NOT_DIGITS.sub("", unicodedata.normalize("NFKC", number))


def plate_key(plate: str) -> str:
    """A plate as compared: upper case without spaces or the middle dot (浙A·12345, 浙a 12345 → 浙A12345)."""
    return _PLATE_NOISE.sub("", unicodedata.normalize("NFKC", plate)).upper()


def name_key(name: str) -> str:
    return folded(name)[:50]


def place_key(place: str) -> str:
    """A community's (or street's) name as compared: 滨江花苑小区 = 滨江花苑 = 滨江 花苑."""
    found = folded(place).strip(",，、")
    for suffix in _PLACE_SUFFIXES:
        if found.endswith(suffix) and len(found) > len(suffix):
            found = found[: -len(suffix)]
    return found[:50]


@dataclass(frozen=True, slots=True)
class Address:
    """An address as its parts: the community (or street) and the flat; ``unit`` may be empty."""

    place: str
    building: str
    unit: str
    room: str

    @property
    def flat(self) -> str:
        """Building, unit and room: ``5-1-1201``; without a unit ``5--1201``."""
        return f"{self.building}-{self.unit}-{self.room}"

    @property
    def flat_without_unit(self) -> str:
        return f"{self.building}--{self.room}"


def parse_address(text: str) -> Address | None:
    """The flat at the end of an address as written, and what comes before it; None when there is none."""
    match = _ADDRESS.match(folded(text))
    if match is None:
        return None
    return Address(
        place_key(match["place"]),
        match["building"].lstrip("0") or "0",
        (match["unit"] or "").lstrip("0"),
        match["room"],
    )


def address_of(place: str, building: str, unit: str, room: str) -> Address:
    """A household's address as its parts (folded as a typed address is)."""
    return Address(
        place_key(place), folded(building).lstrip("0") or "0", folded(unit).lstrip("0"), folded(room)
    )


Key = tuple[str, str]  # (gram, key)


def _key(kind: str, value: str) -> Key:
    key = (kind + value)[:MAX_KEY]
    chars = GRAM_CHARS.get(kind)
    return (key if chars is None else key[: 1 + chars])[:MAX_GRAM], key


def _suffixes(kind: str, value: str, shortest: int) -> Iterable[Key]:
    for start in range(len(value) - shortest + 1):
        yield _key(kind, value[start:])


def phone_keys(digits: str) -> set[Key]:
    return set(_suffixes(PHONE, digits, MIN_PHONE_DIGITS))


def plate_keys(key: str) -> set[Key]:
    return set(_suffixes(PLATE, key, MIN_PLATE_CHARS))


def name_keys(name: str) -> set[Key]:
    found = name_key(name)
    if not found:
        return set()
    return {_key(NAME, found), *_suffixes(NAME_PART, found, 2)}


def address_keys(address: Address) -> set[Key]:
    """The flat with and without its unit, alone and after its community."""
    flats = {address.flat, address.flat_without_unit}
    keys = {_key(ADDRESS, flat) for flat in flats}
    if address.place:
        keys |= {_key(PLACE, f"{address.place}|{flat}") for flat in flats}
    return keys


def free_address_keys(text: str) -> set[Key]:
    """An address written without a flat (a company's street address): found by its beginning."""
    found = place_key(text)
    return {_key(PLACE, f"{found}|")} if len(found) >= GRAM_CHARS[PLACE] else set()


def customer_keys(
    *,
    name: str,
    phones: Iterable[str],
    plates: Iterable[str],
    addresses: Iterable[Address],
    free: Iterable[str],
) -> set[Key]:
    """Every key a customer is found by: ``phones`` as digits, ``plates`` as plate keys, ``addresses``
    parsed, and ``free`` the addresses written without a flat."""
    keys = name_keys(name)
    for digits in phones:
        keys |= phone_keys(digits)
    for plate in plates:
        keys |= plate_keys(plate)
    for address in addresses:
        keys |= address_keys(address)
    for text in free:
        keys |= free_address_keys(text)
    return keys


# --- What was typed ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One search of the index: rows whose ``gram`` equals and whose key begins with (or is) ``key``."""

    gram: str
    key: str
    exact: bool = False


@dataclass(frozen=True, slots=True)
class Typed:
    """What the box held, understood: its kind (``phone``, ``plate``, ``address``, ``name``, or
    ``short`` for too little to search) and the searches to run, each tried only when the ones before it
    found nobody (an address with its community first, then the flat alone)."""

    kind: str
    text: str
    terms: tuple[tuple[Term, ...], ...]


def _term(kind: str, value: str, *, exact: bool = False) -> Term:
    gram, key = _key(kind, value)
    return Term(gram, key, exact)


def understand(text: str) -> Typed:
    """What a caller typed, as searches of the index (see the module's docstring for the forms)."""
    typed = folded(text)[:60]
    digits = phone_digits(typed)
    only_digits = bool(typed) and re.fullmatch(r"[\d\-+()（）]+", typed) is not None
    address = parse_address(typed)
    if address is not None:
        flat = address.flat if address.unit else address.flat_without_unit
        steps: list[tuple[Term, ...]] = []
        if address.place:
            steps.append((_term(PLACE, f"{address.place}|{flat}", exact=True),))
        flat_terms: tuple[Term, ...] = (_term(ADDRESS, flat, exact=True),)
        # 135-1234 may be a flat or seven digits of a number: both are looked for.
        if only_digits and len(digits) >= 7:
            flat_terms += (_term(PHONE, digits),)
        steps.append(flat_terms)
        return Typed("address", typed, tuple(steps))
    if only_digits:
        if len(digits) < MIN_PHONE_DIGITS:
            return Typed("short", typed, ())
        return Typed("phone", typed, ((_term(PHONE, digits), _term(PLATE, digits)),))
    plate = plate_key(typed)
    if _looks_like_a_plate(plate):
        if len(plate) < MIN_PLATE_CHARS:
            return Typed("short", typed, ())
        return Typed("plate", typed, ((_term(PLATE, plate),),))
    name = name_key(typed)
    if not name:
        return Typed("short", typed, ())
    if len(name) == 1:
        return Typed("name", typed, ((_term(NAME, name),),))
    return Typed("name", typed, ((_term(NAME_PART, name), _term(PLACE, place_key(typed) or name)),))


def _looks_like_a_plate(plate: str) -> bool:
    """Latin letters with digits, or a province's character followed by a letter or digit (浙A1, A12345)."""
    if not plate or _PLATE.match(plate) is None:
        return False
    has_digit = any(ch.isdigit() for ch in plate)
    latin = any("A" <= ch <= "Z" for ch in plate)
    chinese = [ch for ch in plate if ch >= "\u4e00"]
    if chinese:
        return len(chinese) == 1 and plate[0] in PROVINCES and len(plate) > 1
    return latin and has_digit
