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

# What one imported file may hold. A township's ledger (50,000 households,
# a dozen columns) stays far below; past these a file is refused before it
# is read, with the limit in the message.
MAX_ROWS = 200_000
MAX_COLUMNS = 256  # the old .xls format's own width
MAX_CELLS = 6_000_000  # rows × columns of the area a sheet spans
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_FILE_BYTES = 256 * 1024 * 1024  # on disk, and each part of a workbook once unpacked
MAX_TEXT_BYTES = 192 * 1024 * 1024  # all text of a sheet once shared strings are expanded
READ_SECONDS = 120
