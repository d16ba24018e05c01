# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'proposals_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_ProposalsDialog(object):
    def setupUi(self, ProposalsDialog):
        if not ProposalsDialog.objectName():
            ProposalsDialog.setObjectName(u"ProposalsDialog")
        ProposalsDialog.resize(820, 560)
        self.mainLayout = QVBoxLayout(ProposalsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.modeRow = QHBoxLayout()
        self.modeRow.setObjectName(u"modeRow")
        self.modeLabel = QLabel(ProposalsDialog)
        self.modeLabel.setObjectName(u"modeLabel")

        self.modeRow.addWidget(self.modeLabel)

        self.mode = QComboBox(ProposalsDialog)
        self.mode.setObjectName(u"mode")

        self.modeRow.addWidget(self.mode)

        self.runButton = QPushButton(ProposalsDialog)
        self.runButton.setObjectName(u"runButton")
        self.runButton.setAutoDefault(False)

        self.modeRow.addWidget(self.runButton)

        self.modeSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.modeRow.addItem(self.modeSpacer)

        self.selectAllButton = QPushButton(ProposalsDialog)
        self.selectAllButton.setObjectName(u"selectAllButton")
        self.selectAllButton.setAutoDefault(False)

        self.modeRow.addWidget(self.selectAllButton)

        self.selectNoneButton = QPushButton(ProposalsDialog)
        self.selectNoneButton.setObjectName(u"selectNoneButton")
        self.selectNoneButton.setAutoDefault(False)

        self.modeRow.addWidget(self.selectNoneButton)


        self.mainLayout.addLayout(self.modeRow)

        self.summaryLabel = QLabel(ProposalsDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.summaryLabel)

        self.table = QTableWidget(ProposalsDialog)
        self.table.setObjectName(u"table")
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.table)

        self.buttonBox = QDialogButtonBox(ProposalsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.modeLabel.setBuddy(self.mode)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.mode, self.runButton)
        QWidget.setTabOrder(self.runButton, self.selectAllButton)
        QWidget.setTabOrder(self.selectAllButton, self.selectNoneButton)
        QWidget.setTabOrder(self.selectNoneButton, self.table)

        self.retranslateUi(ProposalsDialog)

        QMetaObject.connectSlotsByName(ProposalsDialog)
    # setupUi

    def retranslateUi(self, ProposalsDialog):
        ProposalsDialog.setWindowTitle(QCoreApplication.translate("ProposalsDialog", u"\u5206\u914d\u5efa\u8bae", None))
        self.modeLabel.setText(QCoreApplication.translate("ProposalsDialog", u"\u5206\u914d\u65b9\u5f0f(&M)\uff1a", None))
        self.runButton.setText(QCoreApplication.translate("ProposalsDialog", u"\u751f\u6210\u5efa\u8bae(&G)", None))
        self.selectAllButton.setText(QCoreApplication.translate("ProposalsDialog", u"\u5168\u9009(&A)", None))
        self.selectNoneButton.setText(QCoreApplication.translate("ProposalsDialog", u"\u5168\u4e0d\u9009(&N)", None))
        self.summaryLabel.setText("")
    # retranslateUi

