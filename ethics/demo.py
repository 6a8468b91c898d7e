"""The ethics guide's part of `load_demo`: the Russian guide with its topics and self-check, and the
guide's landing page in Kazakh and English.

Called by portal's demo loader; pages are found again by slug (or translation) and updated in place.
"""

from ethics import demo_data
from ethics.models import EthicsGuidePage, EthicsSelfCheckPage, EthicsTopicPage
from portal.demo.pages import block_id

TRANSLATIONS = ("kk", "en")


def items(key, values):
    """ListBlock data in its stored form, with stable ids, so a second run sees no change."""
    return [{"type": "item", "value": value, "id": block_id(key, n)} for n, value in enumerate(values)]


def reference_value(reference):
    (act, url), article = reference
    return {"act": act, "article": article, "url": url}


def topic_body(topic):
    """The StreamField data of a topic, in the order a reader needs it."""
    key = f"ethics-{topic['slug']}"
    stream = [
        ("principle", {"text": topic["principle"]}),
        ("do_dont", {"do": items(f"{key}-do", topic["do"]), "dont": items(f"{key}-dont", topic["dont"])}),
    ]
    stream += [
        ("situation", {"title": title, "situation": situation, "what_to_do": what_to_do})
        for title, situation, what_to_do in topic["situations"]
    ]
    stream.append(
        (
            "questions",
            {
                "heading": "",
                "entries": [
                    {"question": question, "answer": answer} for question, answer in topic["questions"]
                ],
            },
        )
    )
    stream.append(("key_point", {"text": topic["key_point"]}))
    stream += [("legal_reference", reference_value(reference)) for reference in topic["references"]]
    return [{"type": kind, "value": value, "id": block_id(key, n)} for n, (kind, value) in enumerate(stream)]


def self_check_steps(data):
    steps = []
    for n, step in enumerate(data["steps"]):
        if step["type"] == "question":
            value = {
                "key": step["key"],
                "question": step["question"],
                "explanation": step["explanation"],
                "answers": items(
                    f"ethics-self-check-{n}-answers",
                    [{"label": label, "target": target} for label, target in step["answers"]],
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
                    [reference_value(reference) for reference in step["references"]],
                ),
            }
        steps.append({"type": step["type"], "value": value, "id": block_id("ethics-self-check", n)})
    return steps


def guide_fields(code):
    return {**demo_data.GUIDE[code], "edition_date": demo_data.EDITION_DATE}


def load_demo(loader):
    pages = loader.pages
    guide = pages.child(
        loader.homes["ru"],
        EthicsGuidePage,
        demo_data.GUIDE_SLUG,
        {**guide_fields("ru"), "show_in_menus": True},
    )
    for topic in demo_data.TOPICS:
        fields = {"title": topic["title"], "summary": topic["summary"], "body": topic_body(topic)}
        pages.child(guide, EthicsTopicPage, topic["slug"], fields)
    check = demo_data.SELF_CHECK
    pages.child(
        guide,
        EthicsSelfCheckPage,
        check["slug"],
        {
            "title": check["title"],
            "introduction": check["introduction"],
            "listing_summary": check["listing_summary"],
            "steps": self_check_steps(check),
        },
    )
    for code in TRANSLATIONS:
        pages.translation(guide, loader.locales[code], guide_fields(code))
    loader.stdout and loader.stdout.write(
        f"Ethics guide: {len(demo_data.TOPICS)} topics, a self-check of {len(check['steps'])} steps, "
        f"landing page in {', '.join(('ru', *TRANSLATIONS))}"
    )
