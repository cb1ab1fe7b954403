"""Hypothesis strategies that draw valid attribute values and body texts from catalog specs."""

from __future__ import annotations

from hypothesis import strategies as st

from designer.catalog import AttributeSpec, BodySpec

# XML 1.0 cannot carry control characters, surrogates or unassigned code points.
SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=40
)


def xml_safe(text: str) -> bool:
    return all(ch in "\t\n\r" or ((ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF)
               and ch not in "\ufffe\uffff") for ch in text)


def from_pattern(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True).filter(xml_safe)


def url_strategy(schemes: tuple[str, ...] = ("https",)) -> st.SearchStrategy[str]:
    scheme = st.sampled_from([s for s in schemes if s != "http"] or list(schemes))
    path = st.from_regex(r"[a-z0-9]{1,8}(/[a-z0-9_-]{1,8}){0,3}(\.mp3|\.xml)?", fullmatch=True)
    host = st.sampled_from(["example.com", "cdn.example.org", "ivr.example.net"])
    return st.builds(lambda s, h, p: f"{s}://{h}/{p}", scheme, host, path)


def _bounded(strategy: st.SearchStrategy[str], spec) -> st.SearchStrategy[str]:
    low, high = spec.min_length, spec.max_length
    if low is None and high is None:
        return strategy
    return strategy.filter(
        lambda v: (low is None or len(v) >= low) and (high is None or len(v) <= high)
    )


def attribute_values(spec: AttributeSpec) -> st.SearchStrategy:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        low = spec.min if spec.min is not None else 0
        high = spec.max if spec.max is not None else low + 100_000
        return st.integers(min_value=low, max_value=high)
    if spec.type == "enum":
        return st.sampled_from(spec.choices)
    if spec.type == "url":
        urls = url_strategy(spec.url_schemes)
        return st.one_of(urls, st.sampled_from(spec.keywords)) if spec.keywords else urls
    if spec.pattern:
        return _bounded(from_pattern(spec.pattern), spec)
    text = SAFE_TEXT
    if spec.max_length is not None or spec.min_length is not None:
        text = st.text(
            alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn")),
            min_size=spec.min_length or 1,
            max_size=spec.max_length or 40,
        )
    return text


def body_values(body: BodySpec) -> st.SearchStrategy[str | None]:
    if body.kind == "none":
        return st.none()
    if body.kind == "url":
        return url_strategy(body.url_schemes)
    if body.pattern:
        return from_pattern(body.pattern)
    return SAFE_TEXT.filter(lambda t: t.strip() != "")
