"""Length limits a real village never reaches, shared by imports and dialogs.

A value past its limit is refused with a message that says the limit; the
message quotes at most ``QUOTE_CHARS`` characters of the value.
"""

NAME_MAX = 50
ADDRESS_MAX = 200
NOTES_MAX = 2000
# Any other short text field (door number, phone, place of work …).
SHORT_TEXT_MAX = 100
QUOTE_CHARS = 30


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``value`` as text, cut to ``limit`` characters with … when longer."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
