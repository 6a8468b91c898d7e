"""A tiny text format for the bodies of demo pages, so the texts read as texts and wrap at any width.

Blocks are separated by blank lines; the lines of one block are joined with spaces.

    ## Heading                         a section heading (h2)
    ### Heading                        a subsection heading (h3)
    - item                             a bulleted list; a line without "- " continues the item
    > quoted words                     a quotation, ended by the lines
    — Speaker | position               naming its speaker and, optionally, the position
    [map] words on the picture | alternative text | caption
    [slide] heading; point; point | alternative text | caption
    anything else                      a paragraph
"""

from dataclasses import dataclass, field

from django.utils.html import escape


@dataclass
class Block:
    """One block of a page body, before pictures are drawn and StreamField data is built."""

    kind: str
    text: str = ""
    level: str = "h2"
    items: list = field(default_factory=list)
    speaker: str = ""
    position: str = ""
    alt: str = ""
    caption: str = ""

    def paragraph_html(self):
        if self.kind == "list":
            return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in self.items) + "</ul>"
        return f"<p>{escape(self.text)}</p>"


def split_blocks(text):
    """The blocks of the text as lists of stripped lines."""
    blocks, current = [], []
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_image(kind, lines):
    parts = [part.strip() for part in " ".join(lines)[len(kind) + 2 :].split("|")]
    if len(parts) != 3:
        raise ValueError(f"A [{kind}] block needs three parts separated by '|': {lines[0]}")
    picture, alt, caption = parts
    return Block(kind=kind, text=picture, alt=alt, caption=caption)


def parse_quote(lines):
    starts = [number for number, line in enumerate(lines) if line.startswith("— ")]
    if not starts:
        raise ValueError(f"A quotation must end with '— Speaker | position': {lines[0]}")
    words = " ".join(line.removeprefix(">").strip() for line in lines[: starts[0]])
    speaker, _, position = " ".join(lines[starts[0] :])[2:].partition("|")
    return Block(kind="quote", text=words, speaker=speaker.strip(), position=position.strip())


def parse_list(lines):
    items = []
    for line in lines:
        if line.startswith("- "):
            items.append(line[2:])
        else:
            items[-1] = f"{items[-1]} {line}"
    return Block(kind="list", items=items)


def parse_body(text):
    """The blocks written in the format above."""
    result = []
    for lines in split_blocks(text):
        first = lines[0]
        if first.startswith("### "):
            result.append(Block(kind="heading", text=" ".join(lines)[4:], level="h3"))
        elif first.startswith("## "):
            result.append(Block(kind="heading", text=" ".join(lines)[3:], level="h2"))
        elif first.startswith("[map] "):
            result.append(parse_image("map", lines))
        elif first.startswith("[slide] "):
            result.append(parse_image("slide", lines))
        elif first.startswith("> "):
            result.append(parse_quote(lines))
        elif first.startswith("- "):
            result.append(parse_list(lines))
        else:
            result.append(Block(kind="paragraph", text=" ".join(lines)))
    return result
