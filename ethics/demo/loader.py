"""Builds the demo ethics guide in Russian, Kazakh and English: the guide, its topics and its self-check,
from the texts in `ethics/demo/data/` (`topics.yaml` and its translations `topics.kk.yaml` and
`topics.en.yaml`, which mirror it; likewise `self-check` and the acts of `guide`).

Called by portal's demo loader; pages are found again by slug (or translation) and updated in place.
"""

from pathlib import Path

from ethics.models import EthicsGuidePage, EthicsSelfCheckPage, EthicsTopicPage
from portal.demo.datafiles import load_yaml, mirrored
from portal.demo.pages import block_id

DATA = Path(__file__).parent
TRANSLATIONS = ("kk", "en")


def items(key, values):
    """ListBlock data in its stored form, with stable ids, so a second run sees no change."""
    return [{"type": "item", "value": value, "id": block_id(key, n)} for n, value in enumerate(values)]


def reference_value(reference, acts):
    """A legal reference block: the act named by its key in guide.yaml, and the article if given."""
    act = acts[reference["act"]]
    return {"act": act["act"], "article": reference.get("article", ""), "url": act["url"]}


def topic_body(topic, acts):
    """The StreamField data of a topic, in the order a reader needs it."""
    key = f"ethics-{topic['slug']}"
    stream = [
        ("principle", {"text": topic["principle"]}),
        ("do_dont", {"do": items(f"{key}-do", topic["do"]), "dont": items(f"{key}-dont", topic["dont"])}),
    ]
    stream += [
        (
            "situation",
            {"title": case["title"], "situation": case["situation"], "what_to_do": case["what_to_do"]},
        )
        for case in topic["situations"]
    ]
    stream.append(
        (
            "questions",
            {
                "heading": "",
                "entries": [
                    {"question": entry["question"], "answer": entry["answer"]} for entry in topic["questions"]
                ],
            },
        )
    )
    stream.append(("key_point", {"text": topic["key_point"]}))
    stream += [("legal_reference", reference_value(reference, acts)) for reference in topic["references"]]
    return [{"type": kind, "value": value, "id": block_id(key, n)} for n, (kind, value) in enumerate(stream)]


def self_check_steps(data, acts):
    steps = []
    for n, step in enumerate(data["steps"]):
        if step["type"] == "question":
            value = {
                "key": step["key"],
                "question": step["question"],
                "explanation": step.get("explanation", ""),
                "answers": items(
                    f"ethics-self-check-{n}-answers",
                    [{"label": answer["label"], "target": answer["target"]} for answer in step["answers"]],
                ),
            }
        else:
            value = {
                "key": step["key"],
                "title": step["title"],
                "level": step["level"],
                "advice": step["advice"],
                "references": items(
                    f"ethics-self-check-{n}-references",
                    [reference_value(reference, acts) for reference in step["references"]],
                ),
            }
        steps.append({"type": step["type"], "value": value, "id": block_id("ethics-self-check", n)})
    return steps


def load_demo(loader):
    guide_data = load_yaml(DATA, "guide")
    topics = load_yaml(DATA, "topics")["topics"]
    check = load_yaml(DATA, "self-check")
    acts = guide_data["acts"]

    def guide_fields(code):
        return {**guide_data["guide"][code], "edition_date": guide_data["edition_date"]}

    pages = loader.pages
    guide = pages.child(
        loader.homes["ru"],
        EthicsGuidePage,
        guide_data["slug"],
        {**guide_fields("ru"), "show_in_menus": True},
    )
    sources = {}
    for topic in topics:
        sources[topic["slug"]] = pages.child(guide, EthicsTopicPage, topic["slug"], topic_fields(topic, acts))
    sources[check["slug"]] = pages.child(
        guide, EthicsSelfCheckPage, check["slug"], self_check_fields(check, acts)
    )
    for code in TRANSLATIONS:
        locale = loader.locales[code]
        translated_acts = {**acts, **load_yaml(DATA, f"guide.{code}")["acts"]}
        pages.translation(guide, locale, guide_fields(code))
        for topic in mirrored(topics, load_yaml(DATA, f"topics.{code}")["topics"], f"topics.{code}"):
            pages.translation(sources[topic["slug"]], locale, topic_fields(topic, translated_acts))
        translated_check = load_yaml(DATA, f"self-check.{code}")
        pages.translation(
            sources[check["slug"]], locale, self_check_fields(translated_check, translated_acts)
        )
    loader.stdout and loader.stdout.write(
        f"Ethics guide: {len(topics)} topics, a self-check of {len(check['steps'])} steps, "
        f"in {', '.join(('ru', *TRANSLATIONS))}"
    )


def topic_fields(topic, acts):
    return {"title": topic["title"], "summary": topic["summary"], "body": topic_body(topic, acts)}


def self_check_fields(check, acts):
    return {
        "title": check["title"],
        "introduction": check["introduction"],
        "listing_summary": check["listing_summary"],
        "steps": self_check_steps(check, acts),
    }
