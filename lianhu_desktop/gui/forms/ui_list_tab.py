# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'list_tab.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QSizePolicy, QSpacerItem,
    QTableView, QVBoxLayout, QWidget)

class Ui_ListTab(object):
    def setupUi(self, ListTab):
        if not ListTab.objectName():
            ListTab.setObjectName(u"ListTab")
        ListTab.resize(900, 600)
        self.mainLayout = QVBoxLayout(ListTab)
        self.mainLayout.setSpacing(6)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(4, 6, 4, 4)
        self.filterBar = QHBoxLayout()
        self.filterBar.setSpacing(8)
        self.filterBar.setObjectName(u"filterBar")
        self.searchLabel = QLabel(ListTab)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterBar.addWidget(self.searchLabel)

        self.search = QLineEdit(ListTab)
        self.search.setObjectName(u"search")
        self.search.setMinimumSize(QSize(200, 0))
        self.search.setMaximumSize(QSize(360, 16777215))
        self.search.setClearButtonEnabled(True)

        self.filterBar.addWidget(self.search)

        self.filterSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterBar.addItem(self.filterSpacer)


        self.mainLayout.addLayout(self.filterBar)

        self.table = QTableView(ListTab)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.table)

#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.search)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.search, self.table)

        self.retranslateUi(ListTab)

        QMetaObject.connectSlotsByName(ListTab)
    # setupUi

    def retranslateUi(self, ListTab):
        self.searchLabel.setText(QCoreApplication.translate("ListTab", u"\u641c\u7d22(&S)\uff1a", None))
        pass
    # retranslateUi

