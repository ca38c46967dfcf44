"""Small stored files kept in this process's memory: thumbnails and display images, by storage key.

Keys are content-addressed (`ab/<sha256>/<kind>`): the bytes under a key never change, so a cached
copy is never stale and no process needs to tell another anything. A file that is deleted and
uploaded again comes back under the same key with the same bytes. Only the access check of each
request stays: a cache hit skips the storage read (a trip to a worker thread, or to S3).
"""

from collections import OrderedDict

MAX_ITEM_BYTES = 512 * 1024  # larger files (full-size display images of big studies) are not kept


class FileCache:
    """Least recently used, bounded by the total size. Used from the event loop only (no locks)."""

    def __init__(self, max_bytes: int, max_item_bytes: int = MAX_ITEM_BYTES) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = min(max_item_bytes, max_bytes)
        self.size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.max_item_bytes or key in self._items:
            return
        self._items[key] = data
        self.size += len(data)
        while self.size > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)
