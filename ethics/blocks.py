"""The guide's own blocks: a topic is built from principles, do and don't lists, situations, legal
references, questions and key points; the self-check from questions and outcomes.

Texts are short and plain on purpose: the guide is read on a phone, between two meetings.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from ethics import selfcheck
from portal.blocks import HeadingBlock, ParagraphBlock

SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PrincipleBlock(blocks.StructBlock):
    """The rule of a topic in one or two plain sentences."""

    text = blocks.TextBlock(label=_("Principle"), help_text=_("One or two sentences, in plain words."))

    class Meta:
        icon = "success"
        label = _("Principle")
        template = "blocks/ethics/principle_block.html"
        description = _("The rule of the topic in plain words")
        preview_value = {
            "text": "Государственный служащий и вне службы ведёт себя так, чтобы не подорвать доверие "
            "граждан к государству."
        }


class DoDontBlock(blocks.StructBlock):
    """What to do and what not to do, side by side."""

    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"), min_num=1)
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Do and don't")
        template = "blocks/ethics/do_dont_block.html"
        description = _("Two short lists: what to do and what to avoid")
        preview_value = {
            "do": ["Соблюдайте общепринятые нормы поведения", "Помните, что вас узнают как госслужащего"],
            "dont": ["Не ссылайтесь на должность в личных делах", "Не появляйтесь в нетрезвом виде"],
        }


class SituationBlock(blocks.StructBlock):
    """A situation from working life and what to do in it."""

    title = blocks.CharBlock(
        label=_("Title"), max_length=150, help_text=_("A few words, such as “A gift from a visitor”.")
    )
    situation = blocks.TextBlock(label=_("Situation"))
    what_to_do = blocks.RichTextBlock(label=_("What to do"), features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Situation")
        template = "blocks/ethics/situation_block.html"
        description = _("A situation a civil servant may meet, and what to do in it")
        preview_value = {
            "title": "Просьба соседа",
            "situation": "Сосед просит «ускорить» рассмотрение его заявления в вашем отделе.",
            "what_to_do": "<p>Вежливо откажите и объясните общий порядок рассмотрения заявлений.</p>",
        }


class LegalReferenceBlock(blocks.StructBlock):
    """The act (and its article) a rule comes from, with a link to its official text."""

    act = blocks.CharBlock(label=_("Act"), max_length=400)
    article = blocks.CharBlock(
        label=_("Article or paragraph"),
        max_length=200,
        required=False,
        help_text=_("Leave empty rather than guess."),
    )
    url = blocks.URLBlock(label=_("Link to the official text"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Legal reference")
        template = "blocks/ethics/legal_reference_block.html"
        description = _("The act and article a rule comes from, with an optional link")
        preview_value = {
            "act": "Закон Республики Казахстан от 23 ноября 2015 года № 416-V «О государственной службе "
            "Республики Казахстан»",
            "article": "",
            "url": "https://adilet.zan.kz/rus/docs/Z1500000416",
        }


class QuestionAnswerBlock(blocks.StructBlock):
    """One question a civil servant asks, and the answer."""

    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class QuestionsBlock(blocks.StructBlock):
    """Questions and answers, each answer folded under its question (works without JavaScript)."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    entries = blocks.ListBlock(QuestionAnswerBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Questions and answers")
        template = "blocks/ethics/questions_block.html"
        description = _("Questions whose answers open when the reader taps them")
        preview_value = {
            "heading": "",
            "entries": [
                {
                    "question": "Можно ли принять приглашение на ужин от знакомого предпринимателя?",
                    "answer": "<p>Нет, если ваши служебные решения касаются его дел.</p>",
                }
            ],
        }


class KeyPointBlock(blocks.StructBlock):
    """The one thing to remember from a topic, set apart from the text."""

    text = blocks.TextBlock(label=_("Key point"))

    class Meta:
        icon = "warning"
        label = _("Key point")
        template = "blocks/ethics/key_point_block.html"
        description = _("A callout with the one thing to remember")
        preview_value = {"text": "Сомневаетесь — посоветуйтесь с уполномоченным по этике."}


class TopicStreamBlock(blocks.StreamBlock):
    """The body of a topic of the guide."""

    principle = PrincipleBlock()
    do_dont = DoDontBlock()
    situation = SituationBlock()
    questions = QuestionsBlock()
    legal_reference = LegalReferenceBlock()
    key_point = KeyPointBlock()
    heading = HeadingBlock()
    paragraph = ParagraphBlock()


class AnswerBlock(blocks.StructBlock):
    """An answer to a self-check question and the key of the step it leads to."""

    label = blocks.CharBlock(label=_("Answer"), max_length=200)
    target = blocks.CharBlock(
        label=_("Leads to"),
        max_length=50,
        help_text=_("The key of the next question or of an outcome."),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Answer")


class StepKeyBlock(blocks.CharBlock):
    """The key that names a step in its address and in the answers that lead to it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Key"))
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault(
            "help_text", _("Part of the step's address and what answers point to, such as “gift”.")
        )
        super().__init__(**kwargs)


class SelfCheckQuestionBlock(blocks.StructBlock):
    """A question of the self-check; each answer leads to another question or to an outcome."""

    key = StepKeyBlock()
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)
    answers = blocks.ListBlock(AnswerBlock(), label=_("Answers"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Question")
        template = "blocks/ethics/self_check_question_block.html"
        description = _("A question with answers that lead to the next step")
        preview_value = {
            "key": "start",
            "question": "Касается ли решение, которое вы готовите, ваших родственников?",
            "explanation": "",
            "answers": [{"label": "Да", "target": "conflict"}, {"label": "Нет", "target": "no-conflict"}],
        }


class SelfCheckOutcomeBlock(blocks.StructBlock):
    """Where a path of the self-check ends: the verdict, the advice and the rule behind it."""

    key = StepKeyBlock()
    title = blocks.CharBlock(label=_("Outcome"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[
            ("ok", _("No conflict of interest")),
            ("caution", _("Possible conflict: take care")),
            ("conflict", _("Conflict of interest: act now")),
        ],
        default="caution",
    )
    advice = blocks.RichTextBlock(label=_("Advice"), features=SHORT_TEXT_FEATURES)
    references = blocks.ListBlock(LegalReferenceBlock(), label=_("Legal references"), min_num=0)

    class Meta:
        icon = "tick-inverse"
        label = _("Outcome")
        template = "blocks/ethics/self_check_outcome_block.html"
        description = _("The end of a path: the verdict, the advice and its legal basis")
        preview_value = {
            "key": "conflict",
            "title": "Есть конфликт интересов",
            "level": "conflict",
            "advice": "<p>Письменно сообщите руководителю и не участвуйте в решении.</p>",
            "references": [],
        }


def tree_nodes(stream_value):
    """The `selfcheck.Node`s of a self-check stream (raw or bound), in editing order."""
    nodes = []
    for child in stream_value:
        value = child.value
        if child.block_type == "question":
            targets = tuple((answer["target"] or "").strip() for answer in value["answers"])
            nodes.append(selfcheck.Node(selfcheck.QUESTION, (value["key"] or "").strip(), targets))
        else:
            nodes.append(selfcheck.Node(selfcheck.OUTCOME, (value["key"] or "").strip()))
    return nodes


class SelfCheckStreamBlock(blocks.StreamBlock):
    """The decision tree: it starts at the first question; saving checks that every path ends."""

    question = SelfCheckQuestionBlock()
    outcome = SelfCheckOutcomeBlock()

    class Meta:
        min_num = 2

    def clean(self, value):
        value = super().clean(value)
        problems = selfcheck.find_problems(tree_nodes(value))
        if problems:
            raise StreamBlockValidationError(block_errors=errors_by_block(value, problems))
        return value


def errors_by_block(value, problems):
    """Put each problem on the block (and the answer) it is about, so the editor sees where to look."""
    by_index = {}
    for problem in problems:
        by_index.setdefault(problem.index, []).append(problem)
    block_errors = {}
    for index, found in by_index.items():
        child_errors = {}
        answer_errors = {}
        for problem in found:
            if problem.answer is not None:
                answer_errors[problem.answer] = StructBlockValidationError(
                    block_errors={"target": ValidationError(problem.message)}
                )
            else:
                child_errors.setdefault(problem.field, []).append(problem.message)
        struct_errors = {name: ValidationError(messages) for name, messages in child_errors.items()}
        if answer_errors:
            count = len(value[index].value["answers"])
            struct_errors["answers"] = ListBlockValidationError(
                block_errors=answer_errors,
                non_block_errors=ErrorList([_("Check the answers: one leads nowhere or makes a loop.")])
                if count
                else None,
            )
        block_errors[index] = StructBlockValidationError(block_errors=struct_errors)
    return block_errors
