"""Content decoding with one budget across all layers (``Content-Encoding: gzip, gzip``).

httpx decodes each chunk without an output limit, layer after layer: a 17 KB body of gzip inside
gzip can expand to gigabytes in a single call. Here every layer decompresses with ``max_length``
and all layers draw on one budget of decoded bytes, so memory stays bounded by that budget.
"""

from __future__ import annotations

import zlib


class DecodingProblem(Exception):
    """The body cannot be decoded (unknown coding or corrupt data)."""


class DecodedTooLarge(Exception):
    """The layers together produced more than the budget."""


class _Layer:
    """One zlib-based layer: gzip, or deflate with or without the zlib wrapper (servers differ)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._inflater: zlib._Decompress | None = None

    def inflater(self, first: bytes) -> zlib._Decompress:
        if self._inflater is None:
            if self.coding == "deflate":
                wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            else:
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return self._inflater


CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


class BoundedDecoder:
    """Feed raw body bytes, get decoded bytes; raises DecodedTooLarge past ``limit`` bytes in all."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        names = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        names = [c for c in names if c != "identity"]
        unknown = [c for c in names if c not in CODINGS]
        if unknown:
            raise DecodingProblem(f"onbekende compressie {', '.join(unknown)}")
        # The last coding listed was applied last, so it comes off first.
        self.layers = [_Layer(CODINGS[c]) for c in reversed(names)]
        self.limit = limit
        self.produced = 0  # decoded bytes of every layer together

    @property
    def encoded(self) -> bool:
        return bool(self.layers)

    def feed(self, data: bytes) -> bytes:
        for layer in self.layers:
            data = self._inflate(layer, data)
        return data

    def finish(self) -> bytes:
        """What the layers still hold at the end of the body."""
        out = b""
        for position, layer in enumerate(self.layers):
            if position:
                out = self._inflate(layer, out)
            if layer._inflater is not None:
                out += self._flush(layer._inflater)
        return out

    def _inflate(self, layer: _Layer, data: bytes) -> bytes:
        if not data:
            return b""
        inflater = layer.inflater(data)
        parts: list[bytes] = []
        while data:
            try:
                chunk = inflater.decompress(data, self._room())
            except zlib.error as exc:
                raise DecodingProblem(f"ongeldige {layer.coding}-compressie: {exc}") from exc
            self._count(chunk)
            parts.append(chunk)
            if inflater.eof:
                break  # trailing bytes after the stream end are ignored, as browsers do
            data = inflater.unconsumed_tail
        return b"".join(parts)

    def _flush(self, inflater: zlib._Decompress) -> bytes:
        try:
            chunk = inflater.flush(self._room())
        except zlib.error as exc:
            raise DecodingProblem(f"ongeldige compressie: {exc}") from exc
        self._count(chunk)
        return chunk

    def _room(self) -> int:
        return max(1, self.limit - self.produced + 1)

    def _count(self, chunk: bytes) -> None:
        self.produced += len(chunk)
        if self.produced > self.limit:
            raise DecodedTooLarge(f"meer dan {self.limit} bytes na decompressie")
