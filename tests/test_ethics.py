"""The ethics guide: page rules, blocks, the self-check's validation, search, print, offline, queries."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from ethics import selfcheck
from ethics.blocks import SelfCheckStreamBlock, TopicStreamBlock, tree_nodes
from ethics.models import EthicsGuidePage, EthicsSelfCheckPage
from ethics.offline import GUIDE_ASSETS
from tests.factories import (
    BriefingPageFactory,
    EthicsTopicPageFactory,
    self_check_steps,
)

Q, OUT = selfcheck.QUESTION, selfcheck.OUTCOME


# Blocks -------------------------------------------------------------------------------------------


def preview_blocks():
    for stream in (TopicStreamBlock(), SelfCheckStreamBlock()):
        for name, block in stream.child_blocks.items():
            yield f"{type(stream).__name__}.{name}", block


@pytest.mark.parametrize("name,block", list(preview_blocks()), ids=[name for name, _ in preview_blocks()])
def test_every_block_renders_its_preview_with_its_template(name, block):
    assert block.meta.description, f"{name} has no description for editors"
    assert block.meta.template, f"{name} has no template"
    value = block.get_preview_value()
    html = block.render(value, context={"self_check_url": "/ru/ethics/self-check/"})
    assert html.strip(), name
    assert 'style="' not in html and "<script" not in html
    # Each preview shows its own text, so an editor recognises the block.
    sample = block.meta.preview_value
    if isinstance(sample, str):
        sample = {"text": re.sub(r"<[^>]+>", "", sample)}
    text = sample.get("text") or sample.get("title") or sample.get("question") or sample.get("act")
    if text is None and "do" in sample:
        text = sample["do"][0]
    if text is None and "entries" in sample:
        text = sample["entries"][0]["question"]
    assert text in html, name


def test_questions_are_disclosure_widgets_and_unfold_in_the_booklet():
    block = TopicStreamBlock().child_blocks["questions"]
    value = block.get_preview_value()
    on_screen = block.render(value)
    assert "<details" in on_screen and "<summary" in on_screen
    printed = block.render(value, context={"booklet": True, "heading_tag": "h3"})
    assert "<details" not in printed and "<h3" in printed


# The self-check's rules ---------------------------------------------------------------------------


def problems(*nodes):
    return [problem.message for problem in selfcheck.find_problems([selfcheck.Node(*node) for node in nodes])]


def test_a_sound_tree_has_no_problem_and_every_path_ends_in_an_outcome():
    nodes = [
        selfcheck.Node(Q, "start", ("a", "b")),
        selfcheck.Node(Q, "a", ("yes", "no")),
        selfcheck.Node(Q, "b", ("no",)),
        selfcheck.Node(OUT, "yes"),
        selfcheck.Node(OUT, "no"),
    ]
    assert selfcheck.find_problems(nodes) == []
    assert selfcheck.paths(nodes) == [["start", "a", "yes"], ["start", "a", "no"], ["start", "b", "no"]]


@pytest.fixture
def english():
    """Messages as written in the code (the English catalogue leaves them as they are)."""
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_a_loop_is_rejected():
    found = problems((Q, "start", ("a",)), (Q, "a", ("b", "end")), (Q, "b", ("start",)), (OUT, "end"))
    assert any("loop" in message for message in found)


def test_an_answer_leading_to_its_own_question_is_rejected():
    assert problems((Q, "start", ("start", "end")), (OUT, "end"))


def test_a_dangling_answer_is_rejected():
    found = problems((Q, "start", ("nowhere", "end")), (OUT, "end"))
    assert any("nowhere" in message for message in found)


@pytest.mark.usefixtures("english")
def test_duplicate_keys_unreachable_steps_and_bad_starts_are_rejected():
    assert any("already used" in m for m in problems((Q, "start", ("end",)), (OUT, "end"), (OUT, "end")))
    assert any("reach" in m for m in problems((Q, "start", ("end",)), (OUT, "end"), (OUT, "orphan")))
    assert any("start with a question" in m for m in problems((OUT, "end"), (Q, "start", ("end",))))
    assert any("at least one answer" in m for m in problems((Q, "start", ()), (OUT, "end")))
    assert any("Latin" in m for m in problems((Q, "Начало", ("end",)), (OUT, "end")))


@pytest.mark.usefixtures("english")
def test_the_stream_block_puts_the_error_on_the_answer_that_loops():
    block = SelfCheckStreamBlock()
    value = block.to_python(
        self_check_steps(
            ("question", "start", [("Да", "second")]),
            ("question", "second", [("Да", "start"), ("Нет", "end")]),
            ("outcome", "end"),
        )
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)
    errors = raised.value.block_errors
    assert set(errors) == {1}
    answer_errors = errors[1].block_errors["answers"].block_errors
    assert set(answer_errors) == {0}
    assert "loop" in str(answer_errors[0].block_errors["target"])


def test_a_page_with_a_dangling_answer_cannot_be_saved(ethics_guide):
    check = ethics_guide["self_check"]
    check.steps = self_check_steps(("question", "start", [("Да", "missing")]), ("outcome", "end"))
    with pytest.raises(ValidationError) as raised:
        check.save()
    assert "steps" in raised.value.message_dict


# Pages --------------------------------------------------------------------------------------------


def test_guide_shows_its_edition_contents_search_and_contacts(client, ethics_guide):
    response = client.get(ethics_guide["guide"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Академия государственного управления" in html
    for topic in ethics_guide["topics"]:
        assert topic.url in html
    assert ethics_guide["self_check"].url in html
    assert f'action="{ethics_guide["guide"].url}search/"' in html
    assert f'href="{ethics_guide["guide"].url}print/"' in html
    assert 'class="ethics-ask"' in html


def test_ask_about_ethics_shows_the_commissioner_and_the_report_form(client, ethics_guide):
    from portal.models import SiteSettings
    from tests.factories import ReportPageFactory

    settings = SiteSettings.for_site(ethics_guide["site"])
    settings.ethics_commissioner_name = "Уполномоченный по этике"
    settings.ethics_commissioner_phone = "+7 7162 25-00-17"
    settings.ethics_commissioner_email = "ethics@example.kz"
    settings.save()
    report = ReportPageFactory(parent=ethics_guide["home"])
    cache.clear()
    html = client.get(ethics_guide["topics"][0].url).content.decode()
    assert "Уполномоченный по этике" in html
    assert 'href="tel:+77162250017"' in html
    assert 'href="mailto:ethics@example.kz"' in html
    assert f'href="{report.url}"' in html


def test_topic_page_numbers_itself_and_links_its_neighbours(client, ethics_guide):
    first, second = ethics_guide["topics"]
    html = client.get(second.url).content.decode()
    assert "2" in re.search(r'ethics-header__kicker">([^<]+)<', html).group(1)
    assert f'href="{first.url}" rel="prev"' in html
    assert "<details" in html


def test_the_print_route_has_every_topic_in_order_and_the_self_check(client, ethics_guide):
    guide = ethics_guide["guide"]
    extra = EthicsTopicPageFactory(parent=guide, title="Социальные сети", slug="social")
    response = client.get(f"{guide.url}print/")
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f'id="topic-{topic.slug}-title"') for topic in [*ethics_guide["topics"], extra]]
    assert positions == sorted(positions)
    assert "Подарок от посетителя" in html  # the topics' blocks, not only their titles
    assert "ethics-question" in html and '<details class="ethics-question' not in html  # printed unfolded
    assert 'id="self-check-self-check"' in html and "→" in html


def test_an_unpublished_topic_is_not_printed_or_listed(client, ethics_guide):
    draft = EthicsTopicPageFactory(
        parent=ethics_guide["guide"], title="Черновик темы", slug="draft", live=False
    )
    for path in ("", "print/"):
        assert draft.title not in client.get(f"{ethics_guide['guide'].url}{path}").content.decode()


def test_self_check_steps_have_their_own_addresses(client, ethics_guide):
    check = ethics_guide["self_check"]
    start = client.get(check.url)
    html = start.content.decode()
    assert start.status_code == 200
    assert f'href="{check.url}second/"' in html
    # Every step is in the page for the script, the current one alone visible.
    assert len(re.findall(r"data-step-key=", html)) == 4
    assert len(re.findall(r"data-step-key=\"[^\"]+\"[^>]*hidden", html)) == 3
    outcome = client.get(f"{check.url}conflict/").content.decode()
    assert re.search(r'data-step-key="conflict"[^>]*aria-labelledby="step-conflict-title">', outcome)
    assert "<title>Итог conflict" in outcome
    assert client.get(f"{check.url}nowhere/").status_code == 404
    redirect = client.get(f"{check.url}start/")
    assert redirect.status_code == 302 and redirect["Location"] == check.url


# Search -------------------------------------------------------------------------------------------


def test_search_finds_a_topic_by_a_word_in_its_body_and_nothing_outside_the_guide(client, ethics_guide):
    BriefingPageFactory(
        parent=ethics_guide["index"], title="Брифинг", lead="Подарок от посетителя"
    ).save_revision().publish()
    other = EthicsTopicPageFactory(
        parent=ethics_guide["guide"], title="Публичные выступления", slug="media", body=[]
    )
    response = client.get(f"{ethics_guide['guide'].url}search/", {"q": "Подарок"})
    html = response.content.decode()
    assert response.status_code == 200
    found = re.findall(r'search-result__title"><a href="([^"]+)"', html)
    assert sorted(found) == sorted(topic.url for topic in ethics_guide["topics"])
    assert other.url not in found


@pytest.mark.parametrize(
    "query,status,message",
    [
        ("", 200, "Type a word or phrase to search for in the guide."),
        ("   ", 200, "Type a word or phrase to search for in the guide."),
        ("***", 200, "Type words made of letters or digits."),
        ("подарок " * 30, 400, None),
    ],
)
def test_bad_guide_searches_are_explained(client, ethics_guide, query, status, message):
    response = client.get(f"{ethics_guide['guide'].url}search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == status
    with translation.override("ru"):
        expected = (
            gettext(message)
            if message
            else ngettext(
                "Your search is too long: use at most %(limit)d character.",
                "Your search is too long: use at most %(limit)d characters.",
                200,
            )
            % {"limit": 200}
        )
    assert 'role="alert"' in html and escape(expected) in html
    if query.strip():
        assert query.strip()[:20] in html  # the reader's text stays in the box


def test_the_search_page_without_a_query_shows_the_form_alone(client, ethics_guide):
    html = client.get(f"{ethics_guide['guide'].url}search/").content.decode()
    assert 'id="ethics-search-q"' in html and 'role="alert"' not in html


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "(((", "ЦОН:*", "'; DROP TABLE wagtailcore_page; --"])
def test_hostile_guide_searches_do_not_break(client, ethics_guide, query):
    assert client.get(f"{ethics_guide['guide'].url}search/", {"q": query}).status_code == 200


# Offline ------------------------------------------------------------------------------------------


def test_the_worker_is_registered_on_guide_pages_only(client, ethics_guide, briefing):
    guide = ethics_guide["guide"]
    guide_pages = [
        guide.url,
        f"{guide.url}print/",
        f"{guide.url}search/?q=подарок",
        f"{guide.url}offline/",
        ethics_guide["topics"][0].url,
        ethics_guide["self_check"].url,
    ]
    for url in guide_pages:
        html = client.get(url).content.decode()
        assert "ethics/offline.js" in html, url
        assert "ethics/css/ethics.css" in html, url
        assert f'<meta name="ethics-guide" content="{guide.url}">' in html, url
    for url in ("/ru/", briefing.url, "/ru/search/?q=этика"):
        # Neither the worker nor the guide's stylesheets outside the guide.
        assert "/static/ethics/" not in client.get(url).content.decode(), url


def test_the_worker_is_served_under_the_guide_from_the_static_files(client, ethics_guide):
    guide = ethics_guide["guide"]
    response = client.get(f"{guide.url}service-worker/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == guide.url
    assert "no-cache" in response["Cache-Control"]
    assert "EthicsOffline" in body and 'addEventListener("fetch"' in body
    assert not response.cookies


def test_the_worker_saves_only_the_guide_and_its_assets(client, ethics_guide, briefing):
    guide = ethics_guide["guide"]
    manifest = client.get(f"{guide.url}offline-manifest/").json()
    assert manifest["scope"] == guide.url
    assert all(url.startswith(guide.url) for url in manifest["pages"])
    for page in (*ethics_guide["topics"], ethics_guide["self_check"]):
        assert page.url in manifest["pages"]
    check = ethics_guide["self_check"].url
    assert {f"{check}second/", f"{check}conflict/", f"{check}fine/"} <= set(manifest["pages"])
    assert briefing.url not in manifest["pages"] and "/ru/" not in manifest["pages"]
    assert len(manifest["assets"]) == len(GUIDE_ASSETS)
    assert all(asset.startswith("/static/") for asset in manifest["assets"])
    # Every asset the guide's pages load is in the list, so a page saved offline is complete.
    html = client.get(ethics_guide["topics"][0].url).content.decode()
    used = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    assert used <= set(manifest["assets"])


def test_publishing_a_topic_changes_the_worker_so_browsers_update_it(client, ethics_guide):
    guide = ethics_guide["guide"]
    before = client.get(f"{guide.url}service-worker/").content
    EthicsTopicPageFactory(parent=guide, title="Новая тема", slug="new-topic")
    cache.clear()
    assert client.get(f"{guide.url}service-worker/").content != before


def test_guide_pages_set_no_cookie(client, ethics_guide):
    guide = ethics_guide["guide"]
    for url in (guide.url, f"{guide.url}print/", f"{guide.url}search/?q=x", ethics_guide["self_check"].url):
        assert not client.get(url).cookies, url


# Queries ------------------------------------------------------------------------------------------


def queries(client, url):
    client.get(url)  # warm the chrome cache, as in steady use
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.usefixtures("page_cache_off")
def test_query_counts_do_not_grow_with_topics(client, ethics_guide, django_assert_max_num_queries):
    guide = ethics_guide["guide"]
    urls = {
        "guide": guide.url,
        "topic": ethics_guide["topics"][0].url,
        "print": f"{guide.url}print/",
        "search": f"{guide.url}search/?q=подарок",
        "self-check": f"{ethics_guide['self_check'].url}second/",
        "manifest": f"{guide.url}offline-manifest/",
    }
    few = {name: queries(client, url) for name, url in urls.items()}
    for n in range(15):
        EthicsTopicPageFactory(parent=guide, title=f"Тема про подарок {n}", slug=f"more-{n}")
    cache.clear()
    many = {name: queries(client, url) for name, url in urls.items()}
    assert few == many
    for url in urls.values():
        client.get(url)
        with django_assert_max_num_queries(12):
            client.get(url)


# Demo ---------------------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_content, db):
    """The demo loaded once per session (tests/conftest.py), as its Russian guide."""
    return EthicsGuidePage.objects.get(locale__language_code="ru")


def test_demo_guide_has_five_full_topics(demo):
    topics = list(demo.topics())
    assert [topic.slug for topic in topics] == [
        "off-duty",
        "official-relations",
        "social-networks",
        "public-statements",
        "conflict-of-interest",
    ]
    for topic in topics:
        kinds = [block.block_type for block in topic.body]
        assert kinds.count("principle") == 1, topic.slug
        assert "do_dont" in kinds and "key_point" in kinds and "legal_reference" in kinds, topic.slug
        assert kinds.count("situation") >= 3, topic.slug
        questions = [block for block in topic.body if block.block_type == "questions"]
        assert sum(len(block.value["entries"]) for block in questions) >= 3, topic.slug


def test_demo_guide_is_translated_and_the_home_page_links_to_it(client, demo):
    for code in ("kk", "en"):
        translation = demo.get_translation(demo.get_translations().get(locale__language_code=code).locale)
        assert translation.live
        assert client.get(translation.url).status_code == 200
    assert f'href="{demo.url}"' in client.get("/ru/").content.decode()


def test_every_path_of_the_demo_self_check_reaches_an_outcome(client, demo):
    check = EthicsSelfCheckPage.objects.child_of(demo).get()
    nodes = tree_nodes(check.steps)
    assert selfcheck.find_problems(nodes) == []
    kinds = {node.key: node.kind for node in nodes}
    walked = selfcheck.paths(nodes)
    assert len(walked) >= 5
    assert {path[-1] for path in walked} == {key for key, kind in kinds.items() if kind == OUT}
    for path in walked:
        for key in path[1:]:
            response = client.get(f"{check.url}{key}/")
            assert response.status_code == 200, key


def link_to(html, text):
    """The address of the link whose text holds `text` (a plain link: the self-check without JavaScript)."""
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S):
        if text in re.sub(r"<[^>]+>", "", label):
            return href
    raise AssertionError(f"No link reads {text!r}")


def test_the_demo_self_check_works_without_javascript(client, demo):
    """A reader without JavaScript follows the answers as links, one step's page to the next."""
    check = EthicsSelfCheckPage.objects.child_of(demo).get()
    html = client.get(check.url).content.decode()
    connection = link_to(html, "Да, участвую")
    assert connection == f"{check.url}connection/"
    html = client.get(connection).content.decode()
    relative = link_to(html, "родственник")
    assert relative == f"{check.url}relative/"
    html = client.get(relative).content.decode()
    step = re.search(r'<section [^>]*data-step-key="relative"[^>]*>(.*?)</section>', html, flags=re.S)
    assert step and "hidden" not in step.group(0).split(">")[0]
    assert "У вас конфликт интересов" in step.group(1)
    assert re.search(r'<section [^>]*data-step-key="start"[^>]*\shidden', html)


def test_demo_search_finds_gifts(client, demo):
    html = client.get(f"{demo.url}search/", {"q": "подарок"}).content.decode()
    assert "/ru/ethics/conflict-of-interest/" in html


def test_load_demo_twice_leaves_the_guide_unchanged(demo):
    revisions = {page.pk: page.latest_revision_id for page in demo.get_descendants(inclusive=True)}
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    again = {page.pk: page.latest_revision_id for page in demo.get_descendants(inclusive=True)}
    assert again == revisions


def test_demo_manifest_is_json_with_every_step(client, demo):
    manifest = json.loads(client.get(f"{demo.url}offline-manifest/").content)
    assert len([url for url in manifest["pages"] if "/self-check/" in url]) == 9


# The admin ----------------------------------------------------------------------------------------


def step_form(kind, key, answers=()):
    if kind == "question":
        value = {
            "key": key,
            "question": f"Вопрос {key}?",
            "explanation": "",
            "answers": {
                "count": len(answers),
                **{
                    str(n): {
                        "value": {"label": label, "target": target},
                        "deleted": "",
                        "order": str(n),
                        "id": "",
                    }
                    for n, (label, target) in enumerate(answers)
                },
            },
        }
    else:
        value = {
            "key": key,
            "title": f"Итог {key}",
            "level": "ok",
            "advice": rich_text("<p>Совет.</p>"),
            "references": {"count": 0},
        }
    return (kind, value)


def self_check_form(*steps):
    return nested_form_data(
        {
            "title": "Самопроверка в админке",
            "slug": "admin-check",
            "introduction": rich_text(""),
            "steps": streamfield([step_form(*step) for step in steps]),
        }
    )


def test_the_admin_shows_a_loop_on_the_answer_and_saves_nothing(admin_client, ethics_guide):
    guide = ethics_guide["guide"]
    url = reverse("wagtailadmin_pages:add", args=("ethics", "ethicsselfcheckpage", guide.pk))
    data = self_check_form(
        ("question", "start", [("Да", "second")]),
        ("question", "second", [("Да", "start"), ("Нет", "end")]),
        ("outcome", "end"),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["steps"][0]
    assert isinstance(error, StreamBlockValidationError) and set(error.block_errors) == {1}
    assert set(error.block_errors[1].block_errors["answers"].block_errors) == {0}  # the answer "Да" loops
    assert not EthicsSelfCheckPage.objects.filter(slug="admin-check").exists()

    dangling = self_check_form(("question", "start", [("Да", "missing")]), ("outcome", "end"))
    response = admin_client.post(url, dangling)
    assert response.status_code == 200
    assert not EthicsSelfCheckPage.objects.filter(slug="admin-check").exists()

    sound = self_check_form(
        ("question", "start", [("Да", "end"), ("Нет", "other")]), ("outcome", "end"), ("outcome", "other")
    )
    response = admin_client.post(url, sound)
    assert response.status_code == 302
    assert EthicsSelfCheckPage.objects.filter(slug="admin-check").exists()
