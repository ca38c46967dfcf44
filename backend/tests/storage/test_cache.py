"""FileCache: least recently used, bounded by total bytes, large files never kept."""

from tagmedx.storage.cache import FileCache


def test_keeps_what_fits_and_drops_the_least_recently_used() -> None:
    cache = FileCache(max_bytes=10, max_item_bytes=10)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # a is now more recent than b
    cache.put("c", b"cccc")  # 12 bytes: b goes
    assert cache.get("b") is None
    assert cache.get("a") == b"aaaa"
    assert cache.get("c") == b"cccc"
    assert cache.size == 8 and len(cache) == 2


def test_a_file_over_the_item_limit_is_not_kept() -> None:
    cache = FileCache(max_bytes=100, max_item_bytes=5)
    cache.put("big", b"123456")
    assert cache.get("big") is None
    assert cache.size == 0


def test_zero_bytes_keeps_nothing() -> None:
    cache = FileCache(max_bytes=0)
    cache.put("a", b"x")
    assert cache.get("a") is None and len(cache) == 0


def test_putting_a_key_twice_counts_it_once() -> None:
    cache = FileCache(max_bytes=10)
    cache.put("a", b"aaaa")
    cache.put("a", b"aaaa")
    assert cache.size == 4
