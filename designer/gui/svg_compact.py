"""`compact_svg`: the SVG that Qt's generator writes, made smaller without changing what it
shows. The generator embeds a step's icon as a PNG on every card that shows it and leaves a
group behind for every state change that drew nothing; for a 2,000-step flow that is about
40 % of the file. Here each distinct picture is stored once and reused (`<use>`, part of the
SVG Tiny 1.2 profile the generator declares), and the empty groups are left out.
"""

from __future__ import annotations

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK}}}href"
# What makes two pictures the same, apart from where they are drawn.
SHARED = ("width", "height", "preserveAspectRatio", "image-rendering", HREF)

# Our own generator's output, but parsed as carefully as any XML: no DTDs, entities or
# network; huge_tree because a big flow's picture is one large document.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=True)


def compact_svg(data: bytes) -> bytes:
    root = etree.fromstring(data, _PARSER)
    _share_images(root)
    _drop_empty_groups(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False)


def _share_images(root: etree._Element) -> None:
    defs = root.find(f"{{{SVG}}}defs")
    if defs is None:
        defs = etree.Element(f"{{{SVG}}}defs")
        root.insert(0, defs)
    shared: dict[tuple[str | None, ...], str] = {}
    for image in list(root.iter(f"{{{SVG}}}image")):
        if image.getparent() is defs or image.get(HREF) is None:
            continue
        key = tuple(image.get(name) for name in SHARED)
        ref = shared.get(key)
        if ref is None:
            ref = shared[key] = f"picture-{len(shared) + 1}"
            original = etree.SubElement(defs, f"{{{SVG}}}image", id=ref)
            for name, value in zip(SHARED, key, strict=True):
                if value is not None:
                    original.set(name, value)
        use = etree.Element(f"{{{SVG}}}use")
        use.set(HREF, f"#{ref}")
        # `<use>` draws the shared picture (at 0, 0) moved by x and y: where this one was.
        for name in ("x", "y"):
            if image.get(name) is not None:
                use.set(name, image.get(name))
        for name, value in image.attrib.items():
            if name not in SHARED and name not in ("x", "y"):
                use.set(name, value)  # anything else the generator adds stays with the copy
        use.tail = image.tail
        image.getparent().replace(image, use)


def _drop_empty_groups(root: etree._Element) -> None:
    # Innermost first, so that a group holding only empty groups goes too.
    for group in reversed(list(root.iter(f"{{{SVG}}}g"))):
        if len(group) == 0 and not (group.text or "").strip():
            parent = group.getparent()
            if parent is not None:
                _keep_tail(group)
                parent.remove(group)


def _keep_tail(element: etree._Element) -> None:
    """Text after `element` belongs to its parent's content; it is whitespace in the
    generator's output, but keep it where it was anyway."""
    if not element.tail:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + element.tail
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + element.tail
