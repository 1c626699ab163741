"""Pair file naming: the newest name-stamped file is current, a new one always sorts last."""

from datetime import datetime

from shared.pair_files import newest_pair_name, pair_file_name


def test_newest_pair_is_picked_by_name_stamp_not_listing_order():
    names = [
        "qs_db_20250721_203452_pair.json",
        "qs_db_20250722_090000_pair.json",
        "qs_db_20250721_203452_pair.json.backup",
        "qs_db_20250801_000000_pair.json_old",
    ]
    assert newest_pair_name(names) == "qs_db_20250722_090000_pair.json"


def test_no_pair_file_gives_none():
    assert newest_pair_name(["metadata.txt", "x_detail.md"]) is None


def test_new_name_uses_db_and_timestamp():
    name = pair_file_name("highway_db", datetime(2025, 7, 21, 20, 34, 52), [])
    assert name == "qs_highway_db_20250721_203452_pair.json"


def test_new_name_is_stamped_after_an_existing_same_second_file():
    existing = ["qs_highway_db_20250721_203452_pair.json"]
    name = pair_file_name("highway_db", datetime(2025, 7, 21, 20, 34, 52), existing)
    assert newest_pair_name([*existing, name]) == name


def test_unsafe_db_name_characters_are_replaced():
    name = pair_file_name("my db/../x", datetime(2025, 1, 1), [])
    assert "/" not in name
    assert " " not in name
