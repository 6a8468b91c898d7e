"""The self-check's decision tree as a graph, and the rules an editor's tree must follow.

A tree is a list of nodes in editing order: questions (with answers that point to another node's key)
and outcomes (where a path ends). The first node is where the check starts. The rules say that every
path a reader can take ends in an outcome: keys are unique, every answer points to an existing node,
there is no loop, every node can be reached from the start, and a question has at least one answer.
Kept apart from the blocks so the rules can be tested (and reused) without the editing interface.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION = "question"
OUTCOME = "outcome"


@dataclass(frozen=True)
class Node:
    """One step of the tree: its kind, key and, for a question, the target key of each answer."""

    kind: str
    key: str
    targets: tuple = ()


@dataclass
class Problem:
    """What is wrong, on which node (its position in the list) and, if it is an answer, which one."""

    index: int
    message: str
    answer: int | None = None
    field: str = field(default="key")


def find_problems(nodes):
    """Every rule the tree breaks, as `Problem`s; an empty list means the tree is sound."""
    problems = []
    if not nodes:
        return problems
    if nodes[0].kind != QUESTION:
        problems.append(Problem(0, _("The self-check must start with a question.")))
    positions = {}
    for index, node in enumerate(nodes):
        if not KEY_PATTERN.match(node.key or ""):
            problems.append(
                Problem(
                    index, _("Use lowercase Latin letters, digits and hyphens in the key, such as “gift”.")
                )
            )
        elif node.key in positions:
            problems.append(
                Problem(index, _("The key “%(key)s” is already used by another step.") % {"key": node.key})
            )
        else:
            positions[node.key] = index
    for index, node in enumerate(nodes):
        if node.kind != QUESTION:
            continue
        if not node.targets:
            problems.append(Problem(index, _("A question needs at least one answer."), field="answers"))
        for answer, target in enumerate(node.targets):
            if target not in positions:
                problems.append(
                    Problem(
                        index,
                        _("No step has the key “%(key)s”: this answer leads nowhere.") % {"key": target},
                        answer=answer,
                        field="target",
                    )
                )
            elif target == node.key:
                problems.append(
                    Problem(
                        index, _("This answer leads back to its own question."), answer=answer, field="target"
                    )
                )
    if problems:
        return problems
    return find_loops_and_orphans(nodes, positions)


def find_loops_and_orphans(nodes, positions):
    """Loops (an answer leading back to an earlier question of the same path) and unreachable steps."""
    problems = []
    state = {}  # key -> "open" while its descendants are walked, "done" after
    reported = set()

    def walk(key):
        # An explicit stack instead of recursion: an editor's tree may be deep.
        stack = [(key, iter(nodes[positions[key]].targets))]
        state[key] = "open"
        while stack:
            current, targets = stack[-1]
            for answer_target in targets:
                if state.get(answer_target) == "open":
                    index = positions[current]
                    if (index, answer_target) not in reported:
                        reported.add((index, answer_target))
                        answer = nodes[index].targets.index(answer_target)
                        problems.append(
                            Problem(
                                index,
                                _("This answer leads back to “%(key)s”, which makes a loop.")
                                % {"key": answer_target},
                                answer=answer,
                                field="target",
                            )
                        )
                elif answer_target not in state:
                    state[answer_target] = "open"
                    stack.append((answer_target, iter(nodes[positions[answer_target]].targets)))
                    break
            else:
                state[current] = "done"
                stack.pop()

    walk(nodes[0].key)
    for index, node in enumerate(nodes):
        if node.key not in state:
            problems.append(Problem(index, _("No answer leads to this step, so no reader can reach it.")))
    return problems


def paths(nodes, limit=10_000):
    """Every path from the start to an outcome, as lists of keys (for tests and the editors' overview)."""
    by_key = {node.key: node for node in nodes}
    found = []
    stack = [[nodes[0].key]]
    while stack and len(found) < limit:
        path = stack.pop()
        node = by_key[path[-1]]
        if node.kind == OUTCOME:
            found.append(path)
            continue
        for target in reversed(node.targets):
            stack.append([*path, target])
    return found
