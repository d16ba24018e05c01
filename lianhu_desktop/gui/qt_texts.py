"""Chinese for the few Qt texts the shipped catalog misses.

Qt's own dialogs are translated by ``qtbase_zh_CN.qm`` (loaded in
``app.load_translations``). Qt 6.11 renamed some source texts of the
widget-based file dialog (the one Qt draws itself where no native dialog
is used): "Look in:" became "&Look in:", "Files of type:" became
"Files of &type:". The zh_CN catalog still holds only the old texts, so
those labels stayed English; so did the 类型 column's "Folder", whose
context Qt 6 renamed to QAbstractFileIconProvider. This translator, installed after the catalog,
answers exactly these texts and passes everything else on.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    # The file list's 类型 column (Qt 6 moved these to a new context).
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Alias"): "别名",
    ("QAbstractFileIconProvider", "Computer"): "计算机",
}


class MissingQtTexts(QTranslator):
    """Answers the texts of ``MISSING``; None (a null text: ask the next catalog) for all others."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # An empty but non-null text would stop Qt's search: None is null.
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
