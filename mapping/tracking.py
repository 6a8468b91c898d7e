"""Tracking codes of citizen reports: 80 random bits, easy to read aloud and to type.

Crockford's base-32 alphabet leaves out I, L, O and U, so nothing looks like another character; a
code is 16 of those characters (16 × 5 = 80 bits) shown in four groups, XXXX-XXXX-XXXX-XXXX. Reading
one back forgives case, spaces and dashes, and the look-alikes people type by mistake (O for 0, I or L
for 1).
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    """A fresh random code, in its stored form (16 characters, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text):
    """The stored form of what someone typed, or "" when it cannot be a code."""
    cleaned = "".join(ch for ch in (text or "")[:64].upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(LOOK_ALIKES)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def display(code):
    """A stored code in groups: 7K2M-9QXD-4HJP-R8TV."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
