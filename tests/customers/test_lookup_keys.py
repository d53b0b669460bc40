"""What a caller types, understood: each written form of an address, a phone fragment, a plate, a name —
and the keys a customer is stored under, which those searches must meet."""

from __future__ import annotations

from django.test import SimpleTestCase

from fuwu.customers.lookup.keys import (
    Address,
    customer_keys,
    parse_address,
    phone_digits,
    plate_key,
    understand,
)

STORED = customer_keys(
    name="赵先生",
    phones=["13800138000"],
    plates=[plate_key("浙A·12345")],
    addresses=[Address("滨江花苑", "5", "1", "1201")],
    free=[],
)


def finds(text: str) -> bool:
    """Whether the first step of searches that ``text`` gives meets one of STORED's keys."""
    typed = understand(text)
    for step in typed.terms:
        for term in step:
            for gram, key in STORED:
                if gram == term.gram and (key == term.key if term.exact else key.startswith(term.key)):
                    return True
    return False


class AddressFormTests(SimpleTestCase):
    def test_every_written_form_of_a_flat_is_one_address(self) -> None:
        for text in (
            "滨江花苑 5栋1单元1201",
            "滨江花苑5栋1单元1201",
            "滨江花苑小区 5栋1单元1201",
            "5栋1单元1201",
            "5幢1单元1201室",
            "5号楼1单元1201",
            "5-1-1201",
            "5#1-1201",
            "５栋１单元１２０１",
            "5 栋 1 单元 1201",
        ):
            with self.subTest(text=text):
                found = parse_address(text)
                assert found is not None
                assert (found.building, found.unit, found.room) == ("5", "1", "1201")
                assert understand(text).kind == "address"
                assert finds(text)

    def test_a_flat_without_its_unit(self) -> None:
        for text in ("5-1201", "5栋1201", "5幢1201室"):
            with self.subTest(text=text):
                found = parse_address(text)
                assert found is not None and (found.building, found.unit, found.room) == ("5", "", "1201")
                assert finds(text)

    def test_the_community_is_tried_first_then_the_flat_alone(self) -> None:
        steps = understand("滨江花苑 5-1-1201").terms
        assert [term.key for term in steps[0]] == ["c滨江花苑|5-1-1201"]
        assert [term.key for term in steps[1]] == ["a5-1-1201"]
        elsewhere = understand("别的小区 5-1-1201").terms
        assert elsewhere[0][0].key not in {key for _gram, key in STORED}  # another community's flat …
        assert elsewhere[1][0].key == "a5-1-1201"  # … then the flat alone, which is found

    def test_another_flat_is_not_found(self) -> None:
        for text in ("5-2-1201", "6栋1单元1201", "5-1-1202"):
            with self.subTest(text=text):
                assert not finds(text)

    def test_a_phone_number_with_dashes_is_not_a_flat(self) -> None:
        assert parse_address("138-0013-8000") is None
        assert understand("138-0013-8000").kind == "phone"
        assert parse_address("0571-88886666") is None


class PhonePlateNameTests(SimpleTestCase):
    def test_any_four_digits_anywhere_in_the_number(self) -> None:
        for text in ("1380", "0013", "8000", "0138", "00138000", "13800138000", "138 0013 8000", "１３８０"):
            with self.subTest(text=text):
                assert understand(text).kind == "phone"
                assert finds(text)
        assert not finds("1390")

    def test_three_digits_are_too_few(self) -> None:
        typed = understand("138")
        assert typed.kind == "short" and typed.terms == ()

    def test_a_plate_fragment_however_written(self) -> None:
        for text in ("浙A12345", "浙A·12345", "浙a 12345", "A123", "a1234", "浙A1", "2345"):
            with self.subTest(text=text):
                assert finds(text)
        assert understand("浙A12").kind == "plate"
        assert plate_key("浙a·123 45") == "浙A12345"

    def test_a_name_by_its_first_character_or_any_two(self) -> None:
        for text in ("赵", "赵先", "先生", "赵先生"):
            with self.subTest(text=text):
                assert understand(text).kind == "name"
                assert finds(text)
        assert not finds("钱")

    def test_digits_of_a_number_however_written(self) -> None:
        assert phone_digits("+86 138-0013 8000") == "8613800138000"
        assert phone_digits("（0571）8888-6666") == "057188886666"
